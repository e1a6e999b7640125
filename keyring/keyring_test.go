package keyring

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testKey(id string, fill byte) Key {
	return Key{ID: id, Secret: bytes.Repeat([]byte{fill}, KeySize)}
}

func mustNew(t *testing.T, active Key, older ...Key) *Keyring {
	t.Helper()
	k, err := New(nil, active, older...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	k := mustNew(t, testKey("k1", 1))
	tests := []struct {
		name          string
		plaintext, ad []byte
	}{
		{"secret access key", []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), []byte("AKIAIOSFODNN7EXAMPLE")},
		{"empty plaintext", nil, []byte("owner")},
		{"no associated data", []byte("token"), nil},
		{"large", bytes.Repeat([]byte("x"), 64<<10), []byte("a")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s1, err := k.Seal(tc.plaintext, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := k.Seal(tc.plaintext, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(s1, s2) {
				t.Error("two seals of the same plaintext are identical: nonces repeat")
			}
			if len(tc.plaintext) > 0 && bytes.Contains(s1, tc.plaintext) {
				t.Error("sealed value contains the plaintext")
			}
			got, err := k.Open(s1, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(tc.plaintext), string(got)); diff != "" {
				t.Errorf("Open (-want +got):\n%s", diff)
			}
			if id, err := KeyID(s1); err != nil || id != "k1" {
				t.Errorf("KeyID = %q, %v; want k1", id, err)
			}
		})
	}
}

// TestOpenRefusesTampering flips every bit of a sealed value, cuts it at every length, extends
// it, and opens it with other associated data: every variant must fail.
func TestOpenRefusesTampering(t *testing.T) {
	t.Parallel()
	k := mustNew(t, testKey("k1", 1), testKey("k0", 2))
	ad := []byte("AKIAIOSFODNN7EXAMPLE")
	sealed, err := k.Seal([]byte("secret"), ad)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		for bit := range 8 {
			b := bytes.Clone(sealed)
			b[i] ^= 1 << bit
			if _, err := k.Open(b, ad); err == nil {
				t.Fatalf("byte %d bit %d flipped: Open succeeded", i, bit)
			}
		}
	}
	for n := range len(sealed) {
		if _, err := k.Open(sealed[:n], ad); err == nil {
			t.Fatalf("cut to %d bytes: Open succeeded", n)
		}
	}
	if _, err := k.Open(append(bytes.Clone(sealed), 0), ad); !errors.Is(err, ErrAuthentication) {
		t.Errorf("extended: %v, want ErrAuthentication", err)
	}
	for _, other := range [][]byte{nil, []byte("AKIAIOSFODNN7EXAMPLF"), append(bytes.Clone(ad), 0)} {
		if _, err := k.Open(sealed, other); !errors.Is(err, ErrAuthentication) {
			t.Errorf("associated data %q: %v, want ErrAuthentication", other, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	k := mustNew(t, testKey("k1", 1))
	tests := []struct {
		name   string
		sealed []byte
		want   error
	}{
		{"empty", nil, ErrMalformed},
		{"unknown format", []byte{2, 2, 'k', '1'}, ErrMalformed},
		{"zero-length key ID", []byte{1, 0, 0}, ErrMalformed},
		{"key ID past the end", []byte{1, 9, 'k'}, ErrMalformed},
		{"key ID with a bad character", []byte{1, 2, 'k', '/'}, ErrMalformed},
		{"no ciphertext", []byte{1, 2, 'k', '1', 0, 0}, ErrMalformed},
		{"unknown key", []byte{1, 2, 'k', '9'}, ErrUnknownKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := k.Open(tc.sealed, nil); !errors.Is(err, tc.want) {
				t.Errorf("Open = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestRotation: after a new key becomes active, old values still open; once the old key is
// removed, its values fail with an error naming it.
func TestRotation(t *testing.T) {
	t.Parallel()
	k1, k2 := testKey("2023-a", 1), testKey("2024-b", 2)
	before := mustNew(t, k1)
	during := mustNew(t, k2, k1)
	after := mustNew(t, k2)

	old, err := before.Seal([]byte("old secret"), []byte("u1"))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := during.Seal([]byte("new secret"), []byte("u2"))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := KeyID(fresh); id != during.ActiveID() {
		t.Errorf("new value sealed under %q, want the active %q", id, during.ActiveID())
	}
	if got, err := during.Open(old, []byte("u1")); err != nil || string(got) != "old secret" {
		t.Errorf("rotated keyring opening an old value = %q, %v", got, err)
	}
	if got, err := after.Open(fresh, []byte("u2")); err != nil || string(got) != "new secret" {
		t.Errorf("new value after removal = %q, %v", got, err)
	}
	_, err = after.Open(old, []byte("u1"))
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), `"2023-a"`) {
		t.Errorf("old value after its key was removed: %v, want ErrUnknownKey naming 2023-a", err)
	}
	if diff := cmp.Diff([]string{"2024-b", "2023-a"}, during.IDs()); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
}

func TestNewRejectsBadKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []Key
	}{
		{"short key", []Key{{ID: "a", Secret: make([]byte, 16)}}},
		{"empty ID", []Key{{ID: "", Secret: make([]byte, KeySize)}}},
		{"ID too long", []Key{{ID: strings.Repeat("a", MaxKeyIDLen+1), Secret: make([]byte, KeySize)}}},
		{"ID with a colon", []Key{{ID: "a:b", Secret: make([]byte, KeySize)}}},
		{"duplicate ID", []Key{testKey("a", 1), testKey("a", 2)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var se *SpecError
			if _, err := New(nil, tc.keys[0], tc.keys[1:]...); !errors.As(err, &se) {
				t.Errorf("New = %v, want *SpecError", err)
			}
		})
	}
}

// countingReader is a deterministic random source.
type countingReader struct{ n byte }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.n
		c.n++
	}
	return len(p), nil
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestInjectedRandomSource(t *testing.T) {
	t.Parallel()
	seal := func() []byte {
		k, err := New(&countingReader{}, testKey("k", 7))
		if err != nil {
			t.Fatal(err)
		}
		s, err := k.Seal([]byte("p"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := seal(), seal()
	if !bytes.Equal(a, b) {
		t.Error("the same random stream gave different sealed values")
	}
	if want := []byte{1, 1, 'k', 0, 1, 2}; !bytes.HasPrefix(a, want) {
		t.Errorf("sealed = %x, want the nonce drawn from the injected source after %x", a, want)
	}
	k, err := New(failingReader{}, testKey("k", 7))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Seal([]byte("p"), nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Seal with a failing source = %v, want its error", err)
	}
}
