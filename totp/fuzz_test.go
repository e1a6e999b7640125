package totp_test

import (
	"bytes"
	"testing"

	"github.com/gatehouse-iam/gatehouse/totp"
)

// FuzzDecodeSeed: any text either decodes to a seed that encodes back to the same Base32 (up
// to case, spaces and padding) or is ErrSeed; nothing panics.
func FuzzDecodeSeed(f *testing.F) {
	for _, s := range []string{"", "GEZDGNBV", "gezd gnbv", "GEZDGNBVGY======", "A", "not base32!", "MZXW6YTBOI"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seed, err := totp.DecodeSeed(s)
		if err != nil {
			return
		}
		again, err := totp.DecodeSeed(totp.EncodeSeed(seed))
		if err != nil || !bytes.Equal(again, seed) {
			t.Fatalf("DecodeSeed(EncodeSeed(%x)) = %x, %v", seed, again, err)
		}
	})
}

// FuzzMatch: Match accepts exactly the well-formed codes of the window's steps.
func FuzzMatch(f *testing.F) {
	f.Add([]byte("12345678901234567890"), "287082", int64(1), 1)
	f.Add([]byte("k"), "12345", int64(0), 0)
	f.Fuzz(func(t *testing.T, seed []byte, code string, center int64, window int) {
		window %= 8
		center &= 1<<40 - 1
		step, ok := totp.Match(seed, code, center, window)
		if !ok {
			return
		}
		if d := step - center; d > int64(window) || d < -int64(window) {
			t.Fatalf("step %d outside window %d of %d", step, window, center)
		}
		if got := totp.CodeAt(seed, step); got != code {
			t.Fatalf("matched step %d whose code is %s, not %s", step, got, code)
		}
	})
}
