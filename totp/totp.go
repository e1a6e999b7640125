package totp

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"strings"
	"time"
)

// Parameters of AWS virtual MFA devices. The otpauth URI AWS puts in a device's QR code names
// no algorithm, digits or period, so authenticator apps use the Key URI Format's defaults:
// SHA-1, six digits, 30 seconds (RFC 6238 §4.1's X = 30, §5.2's recommended step).
const (
	// Digits is the length of a code.
	Digits = 6
	// Period is the length of a time-step.
	Period = 30 * time.Second
	// SeedBytes is the size of the seeds AWS issues: its Base32StringSeed is 64 characters,
	// 40 bytes (RFC 4226 §4 R6 asks for at least 128 bits; AWS uses 320).
	SeedBytes = 40
	// Skew is how many time-steps either side of the current one Verify accepts: one, the
	// transmission delay RFC 6238 §5.2 recommends allowing for (a code read just before its
	// step ends), and one ahead for a device clock a little fast.
	Skew = 1
)

// modulus is 10^Digits.
const modulus = 1_000_000

// ErrSeed is DecodeSeed's answer for text that is not a Base32 seed.
var ErrSeed = errors.New("totp: not a Base32 seed")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Step is the time-step of t: the number of whole periods since the Unix epoch (RFC 6238 §4.2,
// T0 = 0). Times before the epoch count as step 0.
func Step(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return 0
	}
	return s / int64(Period/time.Second)
}

// StepTime is when step begins.
func StepTime(step int64) time.Time {
	return time.Unix(step*int64(Period/time.Second), 0).UTC()
}

// generator computes codes for one key, reusing its HMAC state and buffers so that searching a
// window of steps does not allocate per step.
type generator struct {
	mac hash.Hash
	msg [8]byte
	sum []byte
}

func newGenerator(key []byte) *generator {
	return &generator{mac: hmac.New(sha1.New, key), sum: make([]byte, 0, sha1.Size)}
}

// value is the HOTP value of counter before it is reduced to digits: RFC 4226 §5.3's dynamic
// truncation of HMAC-SHA-1(key, counter).
func (g *generator) value(counter uint64) uint32 {
	binary.BigEndian.PutUint64(g.msg[:], counter)
	g.mac.Reset()
	g.mac.Write(g.msg[:])
	g.sum = g.mac.Sum(g.sum[:0])
	off := g.sum[len(g.sum)-1] & 0x0f
	return binary.BigEndian.Uint32(g.sum[off:off+4]) & 0x7fffffff
}

// code writes the six-digit code of counter into dst.
func (g *generator) code(dst *[Digits]byte, counter uint64) {
	v := g.value(counter) % modulus
	for i := Digits - 1; i >= 0; i-- {
		dst[i] = byte('0' + v%10)
		v /= 10
	}
}

// HOTP is the six-digit HOTP code of key at counter (RFC 4226 §5.3).
func HOTP(key []byte, counter uint64) string {
	var c [Digits]byte
	newGenerator(key).code(&c, counter)
	return string(c[:])
}

// Code is the code a device with seed shows at t.
func Code(seed []byte, t time.Time) string {
	return HOTP(seed, uint64(Step(t)))
}

// CodeAt is the code a device with seed shows during step.
func CodeAt(seed []byte, step int64) string {
	return HOTP(seed, uint64(max(step, 0)))
}

// wellFormed reports whether code is Digits ASCII digits. The shape of a code is not secret,
// so a malformed one is refused before any comparison.
func wellFormed(code string) bool {
	if len(code) != Digits {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// Match looks for the step within window steps of center whose code is code, nearest to center
// first (center, center-1, center+1, …), and returns it. Codes are compared in constant time.
func Match(seed []byte, code string, center int64, window int) (step int64, ok bool) {
	if !wellFormed(code) || window < 0 {
		return 0, false
	}
	g := newGenerator(seed)
	var c [Digits]byte
	for i := 0; i <= 2*window; i++ {
		// 0, -1, +1, -2, +2, …
		d := int64((i + 1) / 2)
		if i%2 == 1 {
			d = -d
		}
		s := center + d
		if s < 0 {
			continue
		}
		g.code(&c, uint64(s))
		if subtle.ConstantTimeCompare(c[:], []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// Verify checks code against the device's code at t, allowing Skew steps either side, and
// returns the step it matched. The caller must refuse a step it has accepted before.
func Verify(seed []byte, code string, t time.Time) (step int64, ok bool) {
	return Match(seed, code, Step(t), Skew)
}

// MatchConsecutive looks, within window steps of center, for a step whose code is code1 and
// whose next step's code is code2, as EnableMFADevice and ResyncMFADevice ask for ("an
// authentication code emitted by the device" and "a subsequent authentication code"). It
// returns the step of code2, the nearest to center when several match.
func MatchConsecutive(seed []byte, code1, code2 string, center int64, window int) (step2 int64, ok bool) {
	if !wellFormed(code1) || !wellFormed(code2) || window < 0 {
		return 0, false
	}
	g := newGenerator(seed)
	var c [Digits]byte
	for i := 0; i <= 2*window; i++ {
		d := int64((i + 1) / 2)
		if i%2 == 1 {
			d = -d
		}
		s := center + d
		if s < 1 {
			continue
		}
		g.code(&c, uint64(s))
		if subtle.ConstantTimeCompare(c[:], []byte(code2)) != 1 {
			continue
		}
		g.code(&c, uint64(s-1))
		if subtle.ConstantTimeCompare(c[:], []byte(code1)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// NewSeed reads a new SeedBytes-byte seed from r (crypto/rand.Reader in production).
func NewSeed(r io.Reader) ([]byte, error) {
	seed := make([]byte, SeedBytes)
	if _, err := io.ReadFull(r, seed); err != nil {
		return nil, fmt.Errorf("totp: generating a seed: %w", err)
	}
	return seed, nil
}

// EncodeSeed is seed in Base32 (RFC 4648 §6, which obsoletes the RFC 3548 AWS cites) without
// padding, as AWS returns Base32StringSeed and as otpauth URIs carry it.
func EncodeSeed(seed []byte) string {
	return b32.EncodeToString(seed)
}

// DecodeSeed decodes a Base32 seed, ignoring case, spaces and padding as authenticator apps do
// when a seed is typed in.
func DecodeSeed(s string) ([]byte, error) {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	s = strings.TrimRight(s, "=")
	seed, err := b32.DecodeString(s)
	if err != nil || len(seed) == 0 {
		return nil, ErrSeed
	}
	return seed, nil
}

// URI is the otpauth:// Key URI an authenticator app scans: label issuer:account, the Base32
// seed, and the issuer again as a parameter (Google Authenticator's Key Uri Format). AWS's
// QR codes carry otpauth://totp/Amazon%20Web%20Services:DEVICE@ACCOUNT?secret=…&issuer=Amazon%20Web%20Services,
// where ACCOUNT is the account alias or, without one, the account ID. An empty issuer leaves
// both out, as the API reference's shorter form otpauth://totp/DEVICE@ACCOUNT?secret=… does.
func URI(issuer, account string, seed []byte) string {
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	if issuer != "" {
		b.WriteString(url.PathEscape(issuer))
		b.WriteByte(':')
	}
	b.WriteString(url.PathEscape(account))
	b.WriteString("?secret=")
	b.WriteString(EncodeSeed(seed))
	if issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(url.PathEscape(issuer))
	}
	return b.String()
}
