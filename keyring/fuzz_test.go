package keyring

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzOpen: sealed values will arrive from clients (STS session tokens), so Open must refuse
// any bytes it did not seal without panicking, and open everything it did.
func FuzzOpen(f *testing.F) {
	// The one value the fuzzer may open is sealed with a fixed nonce, so that every fuzzing
	// process computes the same bytes.
	fixed, err := New(&countingReader{}, testKey("k2", 2))
	if err != nil {
		f.Fatal(err)
	}
	sealed, err := fixed.Seal([]byte("plaintext"), []byte("ad"))
	if err != nil {
		f.Fatal(err)
	}
	k, err := New(nil, testKey("k2", 2), testKey("k1", 1))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, []byte("plaintext"), []byte("ad"))
	f.Add([]byte{1, 2, 'k', '1'}, []byte(nil), []byte(nil))
	f.Add([]byte{}, []byte("x"), []byte{0})
	f.Fuzz(func(t *testing.T, data, plaintext, ad []byte) {
		if _, err := k.Open(data, ad); err == nil && !bytes.Equal(data, sealed) {
			t.Fatalf("Open accepted bytes it never sealed: %x", data)
		} else if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrAuthentication) {
			t.Fatalf("Open error %v is none of the documented ones", err)
		}
		s, err := k.Seal(plaintext, ad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Open(s, ad)
		if err != nil || !bytes.Equal(got, plaintext) {
			t.Fatalf("round trip = %q, %v", got, err)
		}
	})
}
