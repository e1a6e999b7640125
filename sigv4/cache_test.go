package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func signedFor(t *testing.T, c Credentials) (*http.Request, []byte) {
	t.Helper()
	r := clientRequest(t, "POST", "/")
	body := []byte("Action=ListUsers&Version=2010-05-08")
	if err := Sign(r, body, c, "us-east-1", "iam", signTime); err != nil {
		t.Fatal(err)
	}
	return received(r), body
}

// TestCacheNeverServesAnotherSecret: a key recreated under the same ID with a new secret must
// not verify requests signed with the old one, although the old signing key is cached.
func TestCacheNeverServesAnotherSecret(t *testing.T) {
	t.Parallel()
	v := &Verifier{Now: func() time.Time { return signTime }, Cache: NewKeyCache(8)}
	oldC := testCreds
	newC := Credentials{AccessKeyID: oldC.AccessKeyID, SecretAccessKey: "another/secret+for+the+same+key+id+00000"}
	oldReq, body := signedFor(t, oldC)
	newReq, _ := signedFor(t, newC)

	steps := []struct {
		r      *http.Request
		secret string
		ok     bool
	}{
		{oldReq, oldC.SecretAccessKey, true}, // cold: derives and caches the old key
		{oldReq, oldC.SecretAccessKey, true}, // warm
		{oldReq, newC.SecretAccessKey, false},
		{newReq, newC.SecretAccessKey, true}, // replaces the entry
		{newReq, oldC.SecretAccessKey, false},
		{oldReq, newC.SecretAccessKey, false},
	}
	for i, s := range steps {
		err := verifyOnce(t, v, s.r, body, s.secret, "iam")
		if (err == nil) != s.ok {
			t.Errorf("step %d: Verify = %v, want ok=%v", i, err, s.ok)
		}
	}
	if n := v.Cache.Len(); n != 1 {
		t.Errorf("Len = %d, want 1 entry for the one key and scope", n)
	}
}

func TestCacheBoundedLRU(t *testing.T) {
	t.Parallel()
	c := NewKeyCache(2)
	auth := func(id string) *Auth {
		return &Auth{AccessKeyID: id, Scope: Scope{"20240229", "us-east-1", "iam"}}
	}
	secret := []byte("secret")
	c.signingKey(auth("A"), secret)
	c.signingKey(auth("B"), secret)
	c.signingKey(auth("A"), secret) // A is now the most recent
	c.signingKey(auth("C"), secret) // evicts B
	if n := c.Len(); n != 2 {
		t.Fatalf("Len = %d, want 2", n)
	}
	for id, want := range map[string]bool{"A": true, "B": false, "C": true} {
		_, ok := c.entries[cacheKey{id, auth(id).Scope}]
		if ok != want {
			t.Errorf("entry %s present = %v, want %v", id, ok, want)
		}
	}
	c.Forget("A")
	if n := c.Len(); n != 1 {
		t.Errorf("Len after Forget = %d, want 1", n)
	}
	if got, want := c.signingKey(auth("C"), secret), deriveKey(secret, auth("C").Scope); got != want {
		t.Error("cached key differs from a fresh derivation")
	}
	if NewKeyCache(0).max != DefaultCacheSize {
		t.Error("NewKeyCache(0) does not use DefaultCacheSize")
	}
}

func TestCacheConcurrentUse(t *testing.T) {
	t.Parallel()
	v := &Verifier{Now: func() time.Time { return signTime }, Cache: NewKeyCache(4)}
	type signedReq struct {
		r      *http.Request
		body   []byte
		secret string
	}
	var reqs []signedReq
	for i := range 6 {
		c := Credentials{AccessKeyID: fmt.Sprintf("AKIACONCURRENT%06d", i), SecretAccessKey: fmt.Sprintf("secret-%d", i)}
		r, body := signedFor(t, c)
		reqs = append(reqs, signedReq{r, body, c.SecretAccessKey})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				s := reqs[(g+i)%len(reqs)]
				a, err := v.Parse(s.r, "iam")
				if err == nil {
					err = v.Verify(s.r, s.body, a, []byte(s.secret))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := v.Cache.Len(); n > 4 {
		t.Errorf("Len = %d, beyond the bound of 4", n)
	}
}

// TestSignatureIsHMAC checks the allocation-free HMAC in signature against crypto/hmac over the
// same string to sign, and against the client's signature.
func TestSignatureIsHMAC(t *testing.T) {
	r, body := signedFor(t, Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"})
	v := &Verifier{Now: func() time.Time { return signTime }}
	a, err := v.Parse(r, "")
	if err != nil {
		t.Fatal(err)
	}
	p, _, perr := v.payload(r, a, body)
	if perr != nil {
		t.Fatal(perr)
	}
	key := deriveKey([]byte("secret"), a.Scope)
	path := normalizePath(rawPath(r))
	cr := sha256.Sum256(appendCanonicalRequest(nil, r, a, path, p))
	m := hmac.New(sha256.New, key[:])
	m.Write(appendStringToSign(nil, a, cr[:]))
	want := m.Sum(nil)
	got := signature(r, a, path, p, &key)
	if !bytes.Equal(got[:], want) || !bytes.Equal(got[:], a.signature[:]) {
		t.Fatalf("signature %x, crypto/hmac %x, the client's %x", got, want, a.signature)
	}
	if n := testing.AllocsPerRun(100, func() { signature(r, a, path, p, &key) }); n != 0 {
		t.Errorf("signature allocates %v times", n)
	}
}
