package sessiontoken_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
)

func newKeyring(t testing.TB, keys ...keyring.Key) *keyring.Keyring {
	t.Helper()
	k, err := keyring.New(nil, keys[0], keys[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func key(id string, fill byte) keyring.Key {
	return keyring.Key{ID: id, Secret: bytes.Repeat([]byte{fill}, keyring.KeySize)}
}

var issued = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func roleClaims() *sessiontoken.Claims {
	return &sessiontoken.Claims{
		Kind: sessiontoken.RoleSession, AccessKeyID: "ASIAEXAMPLEEXAMPLE01", Secret: strings.Repeat("s", 40),
		Issued: issued, Expires: issued.Add(time.Hour), AccountID: "111122223333",
		ARN:      "arn:aws:sts::111122223333:assumed-role/Admin/alice",
		UniqueID: "AROAEXAMPLEEXAMPLE012:alice", RoleID: "AROAEXAMPLEEXAMPLE012",
		RoleARN: "arn:aws:iam::111122223333:role/team/Admin", SessionName: "alice",
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	k := newKeyring(t, key("k1", 1))
	full := roleClaims()
	full.Policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	full.PolicyARNs = []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111122223333:policy/p"}
	full.Tags = []sessiontoken.Tag{{Key: "Project", Value: "Unicorn"}, {Key: "Empty", Value: ""}}
	full.TransitiveKeys = []string{"Project"}
	full.SourceIdentity = "alice@example.com"
	full.MFA, full.MFATime, full.Chained = true, issued.Add(-time.Minute), true
	big := roleClaims()
	for i := range 50 {
		big.Tags = append(big.Tags, sessiontoken.Tag{Key: strings.Repeat("k", 120) + string(rune('A'+i%26)), Value: strings.Repeat("v", 256)})
	}
	tests := []struct {
		name   string
		claims *sessiontoken.Claims
	}{
		{"minimal role session", roleClaims()},
		{"every field", full},
		{"large, compressed", big},
		{"root session", &sessiontoken.Claims{Kind: sessiontoken.RootSession, AccessKeyID: "ASIAROOTROOTROOTROOT", Secret: strings.Repeat("r", 40),
			Issued: issued, Expires: issued.Add(time.Hour), AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:root", UniqueID: "111122223333"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok, err := sessiontoken.Seal(k, tc.claims)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tok, tc.claims.Secret) {
				t.Error("token shows the secret")
			}
			got, err := sessiontoken.Open(k, tc.claims.AccessKeyID, tok)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.claims, got); diff != "" {
				t.Errorf("Open (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTokenSize keeps tokens in the range SDKs and AWS's own tokens use: a plain role
// session well under AWS's typical ~1,000 characters, a maximal one under MaxTokenLen.
func TestTokenSize(t *testing.T) {
	t.Parallel()
	k := newKeyring(t, key("k1", 1))
	tok, err := sessiontoken.Seal(k, roleClaims())
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) > 700 {
		t.Errorf("plain role session token is %d characters, want at most 700", len(tok))
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	k := newKeyring(t, key("k1", 1))
	c := roleClaims()
	tok, err := sessiontoken.Seal(k, c)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(tok)
	flipped := bytes.Clone(raw)
	flipped[len(flipped)-5] ^= 1
	other := newKeyring(t, key("k2", 2))
	tests := []struct {
		name, keyID, token string
		keys               *keyring.Keyring
		want               error
	}{
		{"another access key", "ASIAOTHEROTHEROTHER1", tok, k, sessiontoken.ErrInvalid},
		{"altered", c.AccessKeyID, base64.StdEncoding.EncodeToString(flipped), k, sessiontoken.ErrInvalid},
		{"sealed by a key no longer held", c.AccessKeyID, tok, other, sessiontoken.ErrInvalid},
		{"not base64", c.AccessKeyID, "%%%", k, sessiontoken.ErrMalformed},
		{"empty", c.AccessKeyID, "", k, sessiontoken.ErrMalformed},
		{"wrong format byte", c.AccessKeyID, base64.StdEncoding.EncodeToString(append([]byte{9}, raw[1:]...)), k, sessiontoken.ErrMalformed},
		{"too long", c.AccessKeyID, strings.Repeat("A", sessiontoken.MaxTokenLen+4), k, sessiontoken.ErrMalformed},
		{"cut short", c.AccessKeyID, base64.StdEncoding.EncodeToString(raw[:len(raw)/2]), k, sessiontoken.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := sessiontoken.Open(tc.keys, tc.keyID, tc.token)
			if !errors.Is(err, tc.want) {
				t.Errorf("Open = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestRotation: after a new key becomes active, tokens sealed under the old one still open,
// and new tokens are sealed under the new key.
func TestRotation(t *testing.T) {
	t.Parallel()
	before := newKeyring(t, key("old", 1))
	c := roleClaims()
	tok, err := sessiontoken.Seal(before, c)
	if err != nil {
		t.Fatal(err)
	}
	after := newKeyring(t, key("new", 2), key("old", 1))
	if _, err := sessiontoken.Open(after, c.AccessKeyID, tok); err != nil {
		t.Fatalf("a live token does not open after rotation: %v", err)
	}
	fresh, err := sessiontoken.Seal(after, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sessiontoken.Open(before, c.AccessKeyID, fresh); !errors.Is(err, sessiontoken.ErrInvalid) {
		t.Errorf("a token sealed under the new key opened with only the old one: %v", err)
	}
}

func TestSealRefusesIncompleteClaims(t *testing.T) {
	t.Parallel()
	k := newKeyring(t, key("k1", 1))
	for _, c := range []*sessiontoken.Claims{{}, {Kind: sessiontoken.RoleSession, Secret: "s"}, {Kind: 9, AccessKeyID: "A", Secret: "s"}} {
		if _, err := sessiontoken.Seal(k, c); err == nil {
			t.Errorf("Seal(%+v) succeeded", c)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k := newKeyring(b, key("k1", 1))
	c := roleClaims()
	tok, err := sessiontoken.Seal(k, c)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sessiontoken.Open(k, c.AccessKeyID, tok); err != nil {
			b.Fatal(err)
		}
	}
}
