package password

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. They travel inside every hash, so a hash made with
// older parameters still verifies after Default changes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// Default follows OWASP's Password Storage Cheat Sheet for argon2id (m=19 MiB, t=2, p=1): a
// sign-in stays in the tens of milliseconds on a small server, and a ChangePassword that
// checks the new password against PasswordReusePrevention's 24 former ones stays under a
// second.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on the parameters Verify accepts from a stored hash, so a corrupted or planted hash
// cannot make one verification allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 16
	maxThreads = 16
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
	// maxEncodedLen bounds the text Verify parses.
	maxEncodedLen = 256
)

// prefix begins every hash this package makes (PHC string format, argon2 version 0x13).
const prefix = "$argon2id$v=19$"

// ErrMalformedHash is Verify's answer to a stored hash it cannot read.
var ErrMalformedHash = errors.New("password: malformed hash")

// Hash returns the argon2id hash of password under p, with a fresh salt drawn from rand, in
// PHC string form: $argon2id$v=19$m=…,t=…,p=…$salt$key (unpadded standard base64).
func Hash(password string, p Params, rand io.Reader) ([]byte, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, fmt.Errorf("password: reading a salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	s := fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", prefix, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt),
		enc.EncodeToString(key))
	return []byte(s), nil
}

// Verify reports whether password matches hash, comparing in constant time. A hash it cannot
// read is ErrMalformedHash, never a match.
func Verify(hash []byte, password string) (bool, error) {
	p, salt, key, err := decode(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with parameters other than p, so a caller that
// has just verified the password can store a fresh hash.
func NeedsRehash(hash []byte, p Params) bool {
	got, salt, _, err := decode(hash)
	if err != nil {
		return true
	}
	got.SaltLen = uint32(len(salt))
	return got != p
}

func (p Params) check() error {
	if p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory || p.Time < 1 || p.Time > maxTime ||
		p.Threads < 1 || p.Threads > maxThreads || p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen ||
		p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen {
		return fmt.Errorf("password: parameters out of range: %+v", p)
	}
	return nil
}

// decode parses a hash made by Hash and checks its parameters against the bounds.
func decode(hash []byte) (p Params, salt, key []byte, err error) {
	s := string(hash)
	if len(s) > maxEncodedLen {
		return p, nil, nil, ErrMalformedHash
	}
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return p, nil, nil, ErrMalformedHash
	}
	parts := strings.Split(rest, "$")
	if len(parts) != 3 {
		return p, nil, nil, ErrMalformedHash
	}
	for i, kv := range strings.Split(parts[0], ",") {
		name, val, ok := strings.Cut(kv, "=")
		want := [...]string{"m", "t", "p"}
		if !ok || i >= len(want) || name != want[i] {
			return p, nil, nil, ErrMalformedHash
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return p, nil, nil, ErrMalformedHash
		}
		switch name {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > maxThreads {
				return p, nil, nil, ErrMalformedHash
			}
			p.Threads = uint8(n)
		}
	}
	enc := base64.RawStdEncoding
	if salt, err = enc.DecodeString(parts[1]); err != nil {
		return p, nil, nil, ErrMalformedHash
	}
	if key, err = enc.DecodeString(parts[2]); err != nil {
		return p, nil, nil, ErrMalformedHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if p.check() != nil {
		return p, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
}
