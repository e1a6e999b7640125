package keyring

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Purposes for MasterKeys.Keyring: each gets its own derived keys.
const (
	SecretAccessKeys = "secret-access-key"
	SessionTokens    = "session-token"
	// IssuerKeys seals the signing keys of outbound web identity federation (STS
	// GetWebIdentityToken) kept in the store.
	IssuerKeys = "issuer-signing-key"
)

// hkdfInfo prefixes every purpose, so that our subkeys cannot collide with another
// application's use of the same master key.
const hkdfInfo = "gatehouse keyring v1: "

// MasterKeys are the loaded master keys, the active one first. They are only a source of
// derived keyrings: nothing is ever sealed under a master key directly.
type MasterKeys struct {
	keys     []Key
	source   string
	rand     io.Reader
	warnings []string
}

// Load returns the master keys. When spec (the value of GATEHOUSE_MASTER_KEY) is not empty
// it is parsed; otherwise the key file dataDir/master.key is read, and created with one random
// key (mode 0600) if it does not exist. random supplies new keys and nonces; nil means
// crypto/rand.
//
// The format, for the variable and the file alike, is a list of keys separated by commas or
// newlines, the first being active:
//
//	<id>:<base64 of 32 bytes>, <id>:<base64>, ...
//
// A key may also be given bare, "<base64>", in which case its ID is derived from the key
// itself (8 hex digits). Blank entries and lines starting with '#' are ignored. IDs are 1 to 32
// letters, digits, '.', '_' or '-'; base64 may be standard or URL-safe, padded or not.
func Load(spec, dataDir string, random io.Reader) (*MasterKeys, error) {
	if random == nil {
		random = rand.Reader
	}
	if strings.TrimSpace(spec) != "" {
		keys, err := parseKeys(spec, EnvVar)
		if err != nil {
			return nil, err
		}
		return &MasterKeys{keys: keys, source: EnvVar, rand: random}, nil
	}
	if dataDir == "" {
		return nil, fmt.Errorf("keyring: neither %s nor a data directory for %s is set", EnvVar, KeyFileName)
	}
	path := filepath.Join(dataDir, KeyFileName)
	created, err := createKeyFile(path, random)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	keys, err := parseKeys(string(b), path)
	if err != nil {
		return nil, err
	}
	source := path
	if created {
		source += " (created)"
	}
	m := &MasterKeys{keys: keys, source: source, rand: random}
	if w := exposure(path); w != "" {
		m.warnings = append(m.warnings, w)
	}
	return m, nil
}

// exposure describes a key file that users other than its owner may read or change, or is ""
// when only the owner may. (Windows has no such mode bits to check.)
func exposure(path string) string {
	if runtime.GOOS == "windows" {
		return ""
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("master key file %s has mode %04o: users other than its owner can read it, and with it "+
		"every secret Gatehouse stores; make it private with: chmod 600 %s", path, fi.Mode().Perm(), path)
}

// Warnings are problems of the key source that do not stop Gatehouse from using it (a key file
// readable by other users); the caller logs them.
func (m *MasterKeys) Warnings() []string { return m.warnings }

// ParseKeys reads a key list in Load's format; source names it in errors.
func ParseKeys(spec, source string) ([]Key, error) { return parseKeys(spec, source) }

func parseKeys(spec, source string) ([]Key, error) {
	var keys []Key
	seen := map[string]bool{}
	n := 0
	for _, line := range strings.Split(spec, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, entry := range strings.Split(line, ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			n++
			k, err := parseKey(entry)
			if err != nil {
				return nil, &SpecError{Source: source, Entry: n, Reason: err.Error()}
			}
			if seen[k.ID] {
				return nil, &SpecError{Source: source, Entry: n, Reason: fmt.Sprintf("key ID %q appears twice", k.ID)}
			}
			seen[k.ID] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, &SpecError{Source: source, Reason: "no keys"}
	}
	return keys, nil
}

func parseKey(entry string) (Key, error) {
	id, b64, hasID := strings.Cut(entry, ":")
	if !hasID {
		b64 = entry
	}
	secret, err := decodeBase64(strings.TrimSpace(b64))
	if err != nil {
		return Key{}, errors.New("not base64 (want <id>:<base64 of 32 bytes>)")
	}
	if len(secret) != KeySize {
		return Key{}, fmt.Errorf("decodes to %d bytes, want %d (AES-256)", len(secret), KeySize)
	}
	if !hasID {
		id = Fingerprint(secret)
	}
	k := Key{ID: strings.TrimSpace(id), Secret: secret}
	return k, checkID(k.ID)
}

func decodeBase64(s string) ([]byte, error) {
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		var b []byte
		if b, err = enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, err
}

// Fingerprint is the ID given to a key supplied without one: 8 hex digits of a labelled
// SHA-256 of the key, stable across restarts and nodes, revealing nothing usable about it.
func Fingerprint(secret []byte) string {
	h := sha256.New()
	h.Write([]byte("gatehouse key id\x00"))
	h.Write(secret)
	return hex.EncodeToString(h.Sum(nil)[:4])
}

// GenerateKey returns a new random key with a fingerprint ID.
func GenerateKey(random io.Reader) (Key, error) {
	if random == nil {
		random = rand.Reader
	}
	secret := make([]byte, KeySize)
	if _, err := io.ReadFull(random, secret); err != nil {
		return Key{}, fmt.Errorf("keyring: generating a key: %w", err)
	}
	return Key{ID: Fingerprint(secret), Secret: secret}, nil
}

// FormatKeys writes keys in Load's format, for GATEHOUSE_MASTER_KEY or the key file. The
// result is secret.
func FormatKeys(keys ...Key) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.ID + ":" + base64.StdEncoding.EncodeToString(k.Secret)
	}
	return strings.Join(parts, ",")
}

const keyFileHeader = `# Gatehouse master keys: one per line, <id>:<base64 of 32 bytes>. The first seals; the
# others only open what they sealed before a rotation. Anyone holding this file can read every
# secret Gatehouse stores: keep it mode 0600 and out of backups that are not encrypted.
`

// createKeyFile writes a key file with one new key unless one exists. The file appears
// atomically and complete (written aside, then hard-linked into place), so that nodes starting
// together on a shared data directory agree on one key.
func createKeyFile(path string, random io.Reader) (created bool, err error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("keyring: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("keyring: %w", err)
	}
	k, err := GenerateKey(random)
	if err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, ".master.key-*") // created with mode 0600
	if err != nil {
		return false, fmt.Errorf("keyring: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, fmt.Errorf("keyring: %w", err)
	}
	if _, err := io.WriteString(tmp, keyFileHeader+FormatKeys(k)+"\n"); err != nil {
		tmp.Close()
		return false, fmt.Errorf("keyring: writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, fmt.Errorf("keyring: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("keyring: writing %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil // another process created it first; use theirs
		}
		return false, fmt.Errorf("keyring: %w", err)
	}
	return true, nil
}

// Keyring derives the keyring for one purpose (SecretAccessKeys, SessionTokens): each master
// key yields a subkey by HKDF-SHA256 with the purpose as info, under the same ID, so rotation
// of the master keys carries over to every purpose.
func (m *MasterKeys) Keyring(purpose string) (*Keyring, error) {
	if purpose == "" {
		return nil, errors.New("keyring: a derived keyring needs a purpose")
	}
	derived := make([]Key, len(m.keys))
	for i, k := range m.keys {
		sub, err := hkdf.Key(sha256.New, k.Secret, nil, hkdfInfo+purpose, KeySize)
		if err != nil {
			return nil, fmt.Errorf("keyring: deriving %q key: %w", purpose, err)
		}
		derived[i] = Key{ID: k.ID, Secret: sub}
	}
	return New(m.rand, derived[0], derived[1:]...)
}

// ActiveID is the ID of the master key new values are sealed under.
func (m *MasterKeys) ActiveID() string { return m.keys[0].ID }

// IDs lists the master key IDs, the active one first.
func (m *MasterKeys) IDs() []string {
	ids := make([]string, len(m.keys))
	for i, k := range m.keys {
		ids[i] = k.ID
	}
	return ids
}

// Source says where the keys came from (EnvVar, or the key file's path and whether Load just
// created it), for a startup log line.
func (m *MasterKeys) Source() string { return m.source }

// String shows where the keys came from and their IDs, never the keys.
func (m MasterKeys) String() string {
	return "MasterKeys(" + m.source + ": " + strings.Join(m.IDs(), ",") + ")"
}

// Format prints what String does, for every verb.
func (m MasterKeys) Format(f fmt.State, _ rune) { io.WriteString(f, m.String()) }
