package keyring

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	keyA = bytes.Repeat([]byte{0xa1}, KeySize)
	keyB = bytes.Repeat([]byte{0xb2}, KeySize)
	b64A = base64.StdEncoding.EncodeToString(keyA)
	b64B = base64.StdEncoding.EncodeToString(keyB)
)

func TestParseKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		spec string
		want []string // IDs
	}{
		{"one key with an ID", "k1:" + b64A, []string{"k1"}},
		{"rotation list", "new:" + b64B + ",old:" + b64A, []string{"new", "old"}},
		{"bare key gets its fingerprint", b64A, []string{Fingerprint(keyA)}},
		{"file layout with comments and blanks", "# keys\n\n new : " + b64B + " \n#old:junk\nold:" + b64A + "\n", []string{"new", "old"}},
		{"URL-safe unpadded base64", "u:" + base64.RawURLEncoding.EncodeToString(keyB), []string{"u"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			keys, err := ParseKeys(tc.spec, EnvVar)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, k := range keys {
				ids = append(ids, k.ID)
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseKeysErrors(t *testing.T) {
	t.Parallel()
	short := base64.StdEncoding.EncodeToString(keyA[:16])
	tests := []struct {
		name string
		spec string
		want SpecError
	}{
		{"not base64", "k1:not*base64", SpecError{EnvVar, 1, "not base64 (want <id>:<base64 of 32 bytes>)"}},
		{"wrong length", "k1:" + b64A + ",k2:" + short, SpecError{EnvVar, 2, "decodes to 16 bytes, want 32 (AES-256)"}},
		{"bad ID", "a b:" + b64A, SpecError{EnvVar, 1, `key ID "a b": only letters, digits, '.', '_' and '-' are allowed`}},
		{"empty ID", ":" + b64A, SpecError{EnvVar, 1, "key ID must be 1 to 32 characters"}},
		{"duplicate ID", "k:" + b64A + ",k:" + b64B, SpecError{EnvVar, 2, `key ID "k" appears twice`}},
		{"only commas", " , ,", SpecError{EnvVar, 0, "no keys"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseKeys(tc.spec, EnvVar)
			var got *SpecError
			if !errors.As(err, &got) {
				t.Fatalf("error = %v, want *SpecError", err)
			}
			if diff := cmp.Diff(tc.want, *got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), b64A) || strings.Contains(err.Error(), b64B) {
				t.Errorf("error %q contains key material", err)
			}
		})
	}
}

func TestLoadPrefersEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	m, err := Load("env:"+b64A, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.ActiveID() != "env" || m.Source() != EnvVar {
		t.Errorf("Load = %v, want the key from %s", m, EnvVar)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("key file created although %s was set: %v", EnvVar, err)
	}
	if _, err := Load("", "", nil); err == nil {
		t.Error("Load with neither a key nor a data directory succeeded")
	}
}

// TestLoadCreatesKeyFile: the first start creates a 0600 key file; later starts read the same
// key, so values sealed before a restart open after it.
func TestLoadCreatesKeyFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data", "nested")
	first, err := Load("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFileName)
	if want := path + " (created)"; first.Source() != want {
		t.Errorf("Source = %q, want %q", first.Source(), want)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := st.Mode().Perm(); mode != 0o600 {
		t.Errorf("key file mode = %o, want 600", mode)
	}
	if dst, err := os.Stat(dir); err != nil || dst.Mode().Perm() != 0o700 {
		t.Errorf("data directory mode = %v, %v; want 700", dst.Mode().Perm(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".master.key-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	k1, err := first.Keyring(SecretAccessKeys)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k1.Seal([]byte("secret"), []byte("AKIA1"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Load("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if second.Source() != path || second.ActiveID() != first.ActiveID() {
		t.Errorf("second Load = %v, want the same key from %s", second, path)
	}
	k2, err := second.Keyring(SecretAccessKeys)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k2.Open(sealed, []byte("AKIA1")); err != nil || string(got) != "secret" {
		t.Errorf("Open after restart = %q, %v", got, err)
	}
}

func TestLoadConcurrentFirstStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := Load("", dir, nil)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = m.ActiveID()
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("nodes starting together disagree on the key: %v", ids)
		}
	}
}

func TestLoadRejectsMalformedKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFileName)
	if err := os.WriteFile(path, []byte("k1:tooshort\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load("", dir, nil)
	var se *SpecError
	if !errors.As(err, &se) || se.Source != path || se.Entry != 1 {
		t.Errorf("Load = %v, want a *SpecError for %s key 1", err, path)
	}
}

// TestPurposesAreSeparate: each purpose has its own keys; neither they nor the master key
// open another purpose's values.
func TestPurposesAreSeparate(t *testing.T) {
	t.Parallel()
	m, err := Load("m1:"+b64A, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := m.Keyring(SecretAccessKeys)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := m.Keyring(SessionTokens)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := secrets.Seal([]byte("s"), nil)
	if err != nil {
		t.Fatal(err)
	}
	master := mustNew(t, Key{ID: "m1", Secret: keyA})
	for name, k := range map[string]*Keyring{"session-token keyring": tokens, "master key": master} {
		if _, err := k.Open(sealed, nil); !errors.Is(err, ErrAuthentication) {
			t.Errorf("%s opened a secret-access-key value: %v", name, err)
		}
	}
	if _, err := m.Keyring(""); err == nil {
		t.Error("Keyring(\"\") succeeded")
	}
}

func TestGenerateAndFormatKeys(t *testing.T) {
	t.Parallel()
	k, err := GenerateKey(&countingReader{})
	if err != nil {
		t.Fatal(err)
	}
	if k.ID != Fingerprint(k.Secret) || len(k.Secret) != KeySize {
		t.Errorf("GenerateKey = %v with %d bytes", k, len(k.Secret))
	}
	back, err := ParseKeys(FormatKeys(k, Key{ID: "old", Secret: keyA}), "test")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Key{k, {ID: "old", Secret: keyA}}, back); diff != "" {
		t.Errorf("FormatKeys then ParseKeys (-want +got):\n%s", diff)
	}
	if _, err := GenerateKey(failingReader{}); err == nil {
		t.Error("GenerateKey with a failing source succeeded")
	}
}

// TestPrintingNeverShowsKeys: keys, keyrings and master keys print as IDs only, whatever the verb.
func TestPrintingNeverShowsKeys(t *testing.T) {
	t.Parallel()
	m, err := Load("m1:"+b64A, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := m.Keyring(SessionTokens)
	if err != nil {
		t.Fatal(err)
	}
	key := Key{ID: "m1", Secret: keyA}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		for _, v := range []any{key, &key, k, *k, m, *m, []Key{key}} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{b64A, hex.EncodeToString(keyA), string(keyA), fmt.Sprint(keyA)} {
				if strings.Contains(out, secret) {
					t.Errorf("Sprintf(%q, %T) = %q shows key material", verb, v, out)
				}
			}
			if !strings.Contains(out, "m1") {
				t.Errorf("Sprintf(%q, %T) = %q does not name the key", verb, v, out)
			}
		}
	}
}

// TestSealedCorpus opens values computed independently (testdata/README.md) and checks that
// sealing with the same nonce gives the same bytes: the v1 format must never change.
func TestSealedCorpus(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("testdata", "sealed-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		MasterKeys string `json:"master_keys"`
		Cases      []struct {
			Name           string `json:"name"`
			Purpose        string `json:"purpose"`
			AssociatedData string `json:"associated_data"`
			Plaintext      string `json:"plaintext"`
			Nonce          string `json:"nonce"`
			Sealed         string `json:"sealed"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus.Cases) == 0 {
		t.Fatal("empty corpus")
	}
	for _, c := range corpus.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			sealed, err := hex.DecodeString(c.Sealed)
			if err != nil {
				t.Fatal(err)
			}
			nonce, err := hex.DecodeString(c.Nonce)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Load(corpus.MasterKeys, "", bytes.NewReader(nonce))
			if err != nil {
				t.Fatal(err)
			}
			k, err := m.Keyring(c.Purpose)
			if err != nil {
				t.Fatal(err)
			}
			got, err := k.Open(sealed, []byte(c.AssociatedData))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.Plaintext, string(got)); diff != "" {
				t.Errorf("Open (-want +got):\n%s", diff)
			}
			id, _ := KeyID(sealed)
			if id != k.ActiveID() {
				return // sealed under an older key: only opening applies
			}
			again, err := k.Seal([]byte(c.Plaintext), []byte(c.AssociatedData))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.Sealed, hex.EncodeToString(again)); diff != "" {
				t.Errorf("Seal with the corpus nonce (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadWarnsOfExposedKeyFile: a key file other users may read still loads (refusing it would
// take a running service down over a chmod), but Load reports it so that the server logs a
// warning naming the file and the fix; a 0600 file draws no warning.
func TestLoadWarnsOfExposedKeyFile(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits")
	}
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o604, true}, {0o620, true}} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, KeyFileName)
			if err := os.WriteFile(path, []byte("k1:"+b64A+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			m, err := Load("", dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			w := m.Warnings()
			if !tc.warn {
				if len(w) != 0 {
					t.Errorf("mode %v: warnings %q, want none", tc.mode, w)
				}
				return
			}
			if len(w) != 1 || !strings.Contains(w[0], path) || !strings.Contains(w[0], "chmod 600") ||
				!strings.Contains(w[0], fmt.Sprintf("%04o", tc.mode)) {
				t.Errorf("mode %v: warnings %q, want one naming %s, its mode and chmod 600", tc.mode, w, path)
			}
			if strings.Contains(w[0], b64A) {
				t.Errorf("the warning shows the key")
			}
		})
	}
	m, err := Load("env:"+b64A, t.TempDir(), nil)
	if err != nil || len(m.Warnings()) != 0 {
		t.Errorf("keys from %s: %v, warnings %q; want none", EnvVar, err, m.Warnings())
	}
}
