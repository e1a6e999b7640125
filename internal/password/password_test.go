package password

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fast keeps the tests quick; the format and checks do not depend on the cost.
var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		password string
		try      string
		want     bool
	}{
		{"same", "correct horse battery staple", "correct horse battery staple", true},
		{"different", "correct horse battery staple", "correct horse battery stapl", false},
		{"case matters", "Secret-1", "secret-1", false},
		{"latin-1 and tabs", "pä\tss\u00ffword", "pä\tss\u00ffword", true},
		{"empty try", "a long secret", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, err := Hash(tc.password, fast, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(h, []byte(tc.password)) {
				t.Fatalf("hash %q contains the password", h)
			}
			got, err := Verify(h, tc.try)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Verify = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHashFormat(t *testing.T) {
	t.Parallel()
	salt := bytes.Repeat([]byte{7}, 16)
	h, err := Hash("pw", Default, bytes.NewReader(salt))
	if err != nil {
		t.Fatal(err)
	}
	const want = "$argon2id$v=19$m=19456,t=2,p=1$BwcHBwcHBwcHBwcHBwcHBw$"
	if !strings.HasPrefix(string(h), want) {
		t.Errorf("hash = %q, want prefix %q", h, want)
	}
	// Two hashes of one password differ: the salt is fresh each time.
	a, _ := Hash("pw", fast, rand.Reader)
	b, _ := Hash("pw", fast, rand.Reader)
	if bytes.Equal(a, b) {
		t.Error("two hashes of one password are equal")
	}
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	h, err := Hash("pw", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(h, fast) {
		t.Error("NeedsRehash with the parameters it was made with")
	}
	stronger := fast
	stronger.Time = 3
	if !NeedsRehash(h, stronger) {
		t.Error("NeedsRehash = false after the parameters changed")
	}
	if !NeedsRehash([]byte("junk"), fast) {
		t.Error("NeedsRehash = false for a malformed hash")
	}
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	good, err := Hash("pw", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(good), "$")
	salt, key := parts[4], parts[5]
	tests := []struct {
		name string
		hash string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuv"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"wrong version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"missing key", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"parameters out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"huge memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key},
		{"huge time", "$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + key},
		{"zero threads", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$AAAA$" + key},
		{"bad base64", "$argon2id$v=19$m=64,t=1,p=1$!!!!$" + key},
		{"too long", "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 300) + "$" + key},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, err := Verify([]byte(tc.hash), "pw")
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Errorf("Verify = %v, %v; want false, ErrMalformedHash", ok, err)
			}
		})
	}
}

func TestHashRejectsBadParams(t *testing.T) {
	t.Parallel()
	for _, p := range []Params{{}, {Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}, {Memory: 1 << 30, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}} {
		if _, err := Hash("pw", p, rand.Reader); err == nil {
			t.Errorf("Hash with %+v: no error", p)
		}
	}
}

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	strict := Policy{MinLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true}
	tests := []struct {
		name     string
		policy   Policy
		password string
		want     *Violation
	}{
		{"strict ok", strict, "Abcdefgh1!", nil},
		{"too short", strict, "Abcdef1!", &Violation{Rule: RuleLength, Want: 10}},
		{"length counts characters, not bytes", Policy{MinLength: 6}, "ääääää", nil},
		{"no uppercase", strict, "abcdefgh1!", &Violation{Rule: RuleUppercase}},
		{"no lowercase", strict, "ABCDEFGH1!", &Violation{Rule: RuleLowercase}},
		{"no number", strict, "Abcdefghi!", &Violation{Rule: RuleNumber}},
		{"no symbol", strict, "Abcdefghi1", &Violation{Rule: RuleSymbol}},
		{"a dot is not one of IAM's symbols", strict, "Abcdefgh1.", &Violation{Rule: RuleSymbol}},
		{"apostrophe is", strict, "Abcdefgh1'", nil},
		{"non-ASCII letters are no class", Policy{MinLength: 1, RequireUppercase: true}, "Ä", &Violation{Rule: RuleUppercase}},
		{"default ok", DefaultPolicy("acme", "ops@example.com"), "Abcdefg1", nil},
		{"default needs 8", DefaultPolicy("acme", "ops@example.com"), "Abcde1!", &Violation{Rule: RuleLength, Want: 8}},
		{"default needs 3 classes", DefaultPolicy("acme", "ops@example.com"), "abcdefg12", &Violation{Rule: RuleClasses, Want: 3}},
		{"default: not the email", DefaultPolicy("acme", "Ops@Example1.com"), "ops@example1.com", &Violation{Rule: RuleForbidden}},
		{"default: empty name forbids nothing", DefaultPolicy("", ""), "Abcdefg1", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.policy.Check(tc.password)
			var got *Violation
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("Check: %v is not a *Violation", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	good, err := Hash("pw", fast, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "pw")
	f.Add([]byte("$argon2id$v=19$m=64,t=1,p=1$$"), "")
	f.Fuzz(func(t *testing.T, hash []byte, pw string) {
		ok, err := Verify(hash, pw)
		if ok && err != nil {
			t.Fatalf("Verify = true with error %v", err)
		}
	})
}

func BenchmarkHashDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Hash("correct horse battery staple", Default, rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}
