package sessiontoken

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecode: the claims decoder reads what a token's seal protects, so in practice only
// Gatehouse's own bytes reach it; it must still refuse any input without panicking or
// allocating past its limits, and re-encode whatever it accepts to the same claims.
func FuzzDecode(f *testing.F) {
	enc, err := encode(&Claims{Kind: RoleSession, AccessKeyID: "ASIA", Secret: "s", ARN: "arn",
		PolicyARNs: []string{"a", "b"}, Tags: []Tag{{"k", "v"}}, TransitiveKeys: []string{"k"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Add([]byte{claimsV1, deflated, 0xff})
	f.Add([]byte{claimsV1, plain, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decode(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("decode error %v is not ErrMalformed", err)
			}
			return
		}
		again, err := encode(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := decode(again)
		if err != nil {
			t.Fatalf("re-encoded claims do not decode: %v", err)
		}
		var w1, w2 writer
		w1.claims(c)
		w2.claims(c2)
		if !bytes.Equal(w1.b, w2.b) {
			t.Fatalf("claims changed through a round trip")
		}
	})
}
