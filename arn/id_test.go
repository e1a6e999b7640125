package arn

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNewUniqueID(t *testing.T) {
	t.Parallel()
	prefixes := []string{PrefixUser, PrefixRole, PrefixGroup, PrefixManagedPolicy, PrefixPolicyVersion,
		PrefixInstanceProfile, PrefixServerCertificate, PrefixPublicKey, PrefixServiceSpecificCredential, PrefixBearerToken}
	rnd := rand.NewChaCha8([32]byte{1})
	for _, p := range prefixes {
		t.Run(p, func(t *testing.T) {
			id, err := NewUniqueID(rnd, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(id) != 21 || !strings.HasPrefix(id, p) {
				t.Errorf("NewUniqueID(%s) = %q, want 21 characters starting with %s", p, id, p)
			}
			if got, ok := IsUniqueID(id); !ok || got != p {
				t.Errorf("IsUniqueID(%q) = %q, %v; want %q, true", id, got, ok, p)
			}
		})
	}
}

func TestNewUniqueIDRejectsAccessKeyPrefix(t *testing.T) {
	t.Parallel()
	if _, err := NewUniqueID(bytes.NewReader(make([]byte, 64)), PrefixAccessKey); err == nil {
		t.Error("NewUniqueID(AKIA) succeeded; access key IDs are not unique IDs")
	}
}

func TestNewAccessKeyID(t *testing.T) {
	t.Parallel()
	rnd := rand.NewChaCha8([32]byte{2})
	for _, temporary := range []bool{false, true} {
		id, err := NewAccessKeyID(rnd, temporary)
		if err != nil {
			t.Fatal(err)
		}
		want := PrefixAccessKey
		if temporary {
			want = PrefixTemporaryAccessKey
		}
		if len(id) != 20 || !strings.HasPrefix(id, want) || !IsAccessKeyID(id) {
			t.Errorf("NewAccessKeyID(temporary=%v) = %q, want a valid 20-character %s key", temporary, id, want)
		}
	}
}

func TestGeneratedCharacters(t *testing.T) {
	t.Parallel()
	// Every byte value must map into the base32 alphabet; cover all 256.
	src := make([]byte, 256)
	for i := range src {
		src[i] = byte(i)
	}
	r := bytes.NewReader(src)
	seen := map[rune]bool{}
	for r.Len() >= 17 {
		id, err := NewUniqueID(r, PrefixUser)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range id[4:] {
			if !strings.ContainsRune(base32Alphabet, c) {
				t.Fatalf("character %q of %q is outside A-Z2-7", c, id)
			}
			seen[c] = true
		}
	}
	if len(seen) != 32 {
		t.Errorf("saw %d distinct characters over all byte values, want 32", len(seen))
	}
}

func TestGenerateShortRead(t *testing.T) {
	t.Parallel()
	_, err := NewAccessKeyID(bytes.NewReader([]byte{1, 2, 3}), false)
	if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("NewAccessKeyID on a short reader: error = %v, want one wrapping io.ErrUnexpectedEOF", err)
	}
}

func TestIsUniqueIDAndAccessKeyID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		unique, ak bool
	}{
		{"AIDACKCEVSQ6C2EXAMPLE", true, false},
		{"AROA3XFRBF535PLBIFPI4", true, false},
		{"AKIAIOSFODNN7EXAMPLE", false, true},
		{"ASIAIOSFODNN7EXAMPLE", false, true},
		{"AIDACKCEVSQ6C2EXAMPL", false, false},  // 20 characters
		{"AIDACKCEVSQ6C2EXAMPL1", false, false}, // '1' is not base32
		{"XXXXCKCEVSQ6C2EXAMPLE", false, false},
		{"AKIAIOSFODNN7EXAMPLE1", false, false},
		{"aidacKCEVSQ6C2EXAMPLE", false, false},
	}
	for _, tc := range tests {
		if _, ok := IsUniqueID(tc.in); ok != tc.unique {
			t.Errorf("IsUniqueID(%q) = %v, want %v", tc.in, ok, tc.unique)
		}
		if ok := IsAccessKeyID(tc.in); ok != tc.ak {
			t.Errorf("IsAccessKeyID(%q) = %v, want %v", tc.in, ok, tc.ak)
		}
	}
}
