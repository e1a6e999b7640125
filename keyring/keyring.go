package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
)

// Key is one key and its ID. Printing a Key shows only its ID.
type Key struct {
	ID     string
	Secret []byte // KeySize bytes
}

// Format prints the ID only, so that a Key in a log line or error never shows its secret.
func (k Key) Format(f fmt.State, _ rune) { fmt.Fprintf(f, "Key(%s)", k.ID) }

// Keyring seals under its active key and opens with any of its keys. It is safe for
// concurrent use.
type Keyring struct {
	active string
	aeads  map[string]cipher.AEAD
	ids    []string // active first
	rand   io.Reader
}

// New returns a keyring that seals under active and also opens what older keys sealed.
// random supplies nonces; nil means crypto/rand.
func New(random io.Reader, active Key, older ...Key) (*Keyring, error) {
	if random == nil {
		random = rand.Reader
	}
	k := &Keyring{active: active.ID, aeads: make(map[string]cipher.AEAD), rand: random}
	for i, key := range append([]Key{active}, older...) {
		if err := checkKey(key); err != nil {
			return nil, &SpecError{Source: "keyring.New", Entry: i + 1, Reason: err.Error()}
		}
		if _, dup := k.aeads[key.ID]; dup {
			return nil, &SpecError{Source: "keyring.New", Entry: i + 1, Reason: fmt.Sprintf("key ID %q appears twice", key.ID)}
		}
		block, err := aes.NewCipher(key.Secret)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k.aeads[key.ID] = aead
		k.ids = append(k.ids, key.ID)
	}
	return k, nil
}

// checkKey validates a key's ID and length. Its messages never include the secret.
func checkKey(k Key) error {
	if err := checkID(k.ID); err != nil {
		return err
	}
	if len(k.Secret) != KeySize {
		return fmt.Errorf("key %q is %d bytes, want %d (AES-256)", k.ID, len(k.Secret), KeySize)
	}
	return nil
}

// checkID accepts 1 to MaxKeyIDLen letters, digits, '.', '_' and '-'.
func checkID(id string) error {
	if id == "" || len(id) > MaxKeyIDLen {
		return fmt.Errorf("key ID must be 1 to %d characters", MaxKeyIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("key ID %q: only letters, digits, '.', '_' and '-' are allowed", id)
		}
	}
	return nil
}

// ActiveID is the ID of the key Seal uses.
func (k *Keyring) ActiveID() string { return k.active }

// IDs lists the keyring's key IDs, the active one first.
func (k *Keyring) IDs() []string { return append([]string(nil), k.ids...) }

// String shows the key IDs only. It and Format have value receivers so that printing a
// Keyring value, not just a pointer, never reaches its keys.
func (k Keyring) String() string {
	return "Keyring(active=" + k.active + ", keys=" + strings.Join(k.ids, ",") + ")"
}

// Format prints what String does, for every verb, so that no key material is ever printed.
func (k Keyring) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// header is the envelope's authenticated prefix: format, key ID length, key ID.
func header(id string) []byte {
	h := make([]byte, 0, 2+len(id)+nonceSize)
	h = append(h, formatV1, byte(len(id)))
	return append(h, id...)
}

// Seal encrypts plaintext under the active key. associatedData is authenticated but not
// stored: Open must be given the same bytes (the owner's ID, say) or fails. The only error is
// a failing random source.
func (k *Keyring) Seal(plaintext, associatedData []byte) ([]byte, error) {
	aead := k.aeads[k.active]
	hdr := header(k.active)
	out := make([]byte, len(hdr)+nonceSize, len(hdr)+nonceSize+len(plaintext)+tagSize)
	copy(out, hdr)
	nonce := out[len(hdr):]
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return nil, fmt.Errorf("keyring: reading a nonce: %w", err)
	}
	return aead.Seal(out, nonce, plaintext, additional(hdr, associatedData)), nil
}

// additional is the GCM additional data: the envelope header (which is self-delimiting) then
// the caller's associated data.
func additional(hdr, associatedData []byte) []byte {
	ad := make([]byte, 0, len(hdr)+len(associatedData))
	return append(append(ad, hdr...), associatedData...)
}

// Open decrypts a value Seal produced, with the key it names. Errors wrap ErrMalformed,
// ErrUnknownKey or ErrAuthentication.
func (k *Keyring) Open(sealed, associatedData []byte) ([]byte, error) {
	id, hdrLen, err := parseHeader(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w: key ID %q (is it still in %s or %s?)", ErrUnknownKey, id, EnvVar, KeyFileName)
	}
	if len(sealed) < hdrLen+nonceSize+tagSize {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrMalformed, len(sealed))
	}
	nonce := sealed[hdrLen : hdrLen+nonceSize]
	pt, err := aead.Open(nil, nonce, sealed[hdrLen+nonceSize:], additional(sealed[:hdrLen], associatedData))
	if err != nil {
		return nil, fmt.Errorf("%w (key ID %q)", ErrAuthentication, id)
	}
	return pt, nil
}

// KeyID reports which key sealed a value, without opening it: a rotation job re-seals the
// values whose KeyID is not the keyring's ActiveID.
func KeyID(sealed []byte) (string, error) {
	id, _, err := parseHeader(sealed)
	return id, err
}

func parseHeader(sealed []byte) (id string, n int, err error) {
	if len(sealed) < 2 {
		return "", 0, fmt.Errorf("%w: %d bytes is too short", ErrMalformed, len(sealed))
	}
	if sealed[0] != formatV1 {
		return "", 0, fmt.Errorf("%w: unknown format %d", ErrMalformed, sealed[0])
	}
	l := int(sealed[1])
	if l == 0 || l > MaxKeyIDLen || len(sealed) < 2+l {
		return "", 0, fmt.Errorf("%w: bad key ID length %d", ErrMalformed, l)
	}
	id = string(sealed[2 : 2+l])
	if checkID(id) != nil {
		return "", 0, fmt.Errorf("%w: bad key ID", ErrMalformed)
	}
	return id, 2 + l, nil
}
