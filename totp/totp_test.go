package totp_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/totp"
)

var rfcSeed = []byte("12345678901234567890")

// TestHOTPVectors replays RFC 4226 Appendix D.
func TestHOTPVectors(t *testing.T) {
	t.Parallel()
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	var got []string
	for c := range uint64(len(want)) {
		got = append(got, totp.HOTP(rfcSeed, c))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("HOTP codes (-want +got):\n%s", diff)
	}
}

func TestStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		t    time.Time
		want int64
	}{
		{"epoch", time.Unix(0, 0), 0},
		{"end of first step", time.Unix(29, 999), 0},
		{"second step", time.Unix(30, 0), 1},
		{"RFC 6238 1111111109", time.Unix(1111111109, 0), 0x23523EC},
		{"before the epoch", time.Unix(-100, 0), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := totp.Step(tc.t); got != tc.want {
				t.Errorf("Step = %d, want %d", got, tc.want)
			}
		})
	}
	if got := totp.StepTime(0x23523EC); !got.Equal(time.Unix(1111111080, 0)) {
		t.Errorf("StepTime = %v, want 1111111080", got.Unix())
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	step := totp.Step(now)
	tests := []struct {
		name     string
		code     string
		wantStep int64
		wantOK   bool
	}{
		{"current step", totp.CodeAt(rfcSeed, step), step, true},
		{"previous step", totp.CodeAt(rfcSeed, step-1), step - 1, true},
		{"next step", totp.CodeAt(rfcSeed, step+1), step + 1, true},
		{"two steps old", totp.CodeAt(rfcSeed, step-2), 0, false},
		{"two steps ahead", totp.CodeAt(rfcSeed, step+2), 0, false},
		{"too short", totp.CodeAt(rfcSeed, step)[:5], 0, false},
		{"not digits", "12345a", 0, false},
		{"with a space", " " + totp.CodeAt(rfcSeed, step)[1:], 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := totp.Verify(rfcSeed, tc.code, now)
			if ok != tc.wantOK || got != tc.wantStep {
				t.Errorf("Verify = (%d, %v), want (%d, %v)", got, ok, tc.wantStep, tc.wantOK)
			}
		})
	}
	if _, ok := totp.Verify([]byte("another seed 1234567"), totp.Code(rfcSeed, now), now); ok {
		// One chance in about 333,000 that another seed shows the same code in the window;
		// these fixed seeds do not.
		t.Error("a code of another seed was accepted")
	}
}

func TestMatchConsecutive(t *testing.T) {
	t.Parallel()
	const center = 56_666_666
	const window = 10
	code := func(s int64) string { return totp.CodeAt(rfcSeed, s) }
	tests := []struct {
		name         string
		code1, code2 string
		wantStep     int64
		wantOK       bool
	}{
		{"current and next", code(center), code(center + 1), center + 1, true},
		{"previous and current", code(center - 1), code(center), center, true},
		{"edge of the window, behind", code(center - window - 1), code(center - window), center - window, true},
		{"edge of the window, ahead", code(center + window - 1), code(center + window), center + window, true},
		{"beyond the window", code(center + window), code(center + window + 1), 0, false},
		{"same code twice", code(center), code(center), 0, false},
		{"reversed", code(center + 1), code(center), 0, false},
		{"a step apart", code(center), code(center + 2), 0, false},
		{"malformed", "abcdef", code(center), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := totp.MatchConsecutive(rfcSeed, tc.code1, tc.code2, center, window)
			if ok != tc.wantOK || got != tc.wantStep {
				t.Errorf("MatchConsecutive = (%d, %v), want (%d, %v)", got, ok, tc.wantStep, tc.wantOK)
			}
		})
	}
}

func TestSeedEncoding(t *testing.T) {
	t.Parallel()
	seed, err := totp.NewSeed(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(seed) != totp.SeedBytes {
		t.Fatalf("NewSeed: %d bytes, want %d", len(seed), totp.SeedBytes)
	}
	enc := totp.EncodeSeed(seed)
	if len(enc) != 64 || strings.Trim(enc, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Errorf("EncodeSeed = %q, want 64 characters of the Base32 alphabet", enc)
	}
	tests := []struct {
		name string
		in   string
	}{
		{"as issued", enc},
		{"lower case", strings.ToLower(enc)},
		{"grouped with spaces", enc[:4] + " " + enc[4:8] + " " + enc[8:]},
	}
	for _, tc := range tests {
		got, err := totp.DecodeSeed(tc.in)
		if err != nil || !bytes.Equal(got, seed) {
			t.Errorf("%s: DecodeSeed = %x, %v; want the seed", tc.name, got, err)
		}
	}
	for _, bad := range []string{"", "not base32!", "A"} {
		if _, err := totp.DecodeSeed(bad); !errors.Is(err, totp.ErrSeed) {
			t.Errorf("DecodeSeed(%q) error = %v, want ErrSeed", bad, err)
		}
	}
	if _, err := totp.NewSeed(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Error("NewSeed from a short reader succeeded")
	}
}

func TestURI(t *testing.T) {
	t.Parallel()
	seed := []byte("12345")
	tests := []struct {
		name            string
		issuer, account string
		want            string
	}{
		{"as AWS", "Amazon Web Services", "my-device@123456789012",
			"otpauth://totp/Amazon%20Web%20Services:my-device@123456789012?secret=GEZDGNBV&issuer=Amazon%20Web%20Services"},
		{"no issuer", "", "dev@alias", "otpauth://totp/dev@alias?secret=GEZDGNBV"},
		{"characters escaped", "Acme", "a,b/c@x", "otpauth://totp/Acme:a%2Cb%2Fc@x?secret=GEZDGNBV&issuer=Acme"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := totp.URI(tc.issuer, tc.account, seed); got != tc.want {
				t.Errorf("URI = %q, want %q", got, tc.want)
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	now := time.Unix(1_700_000_000, 0)
	code := totp.Code(rfcSeed, now)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := totp.Verify(rfcSeed, code, now); !ok {
			b.Fatal("not verified")
		}
	}
}

func BenchmarkMatchConsecutiveWorstCase(b *testing.B) {
	// Codes that match nowhere make MatchConsecutive search its whole window.
	b.ReportAllocs()
	for b.Loop() {
		totp.MatchConsecutive(rfcSeed, "000000", "000000", 56_666_666, 120)
	}
}
