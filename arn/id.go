package arn

import (
	"fmt"
	"io"
)

// Unique-ID and access-key-ID prefixes, from the IAM User Guide's "IAM identifiers" page
// (reference_identifiers.html, "Understanding unique ID prefixes"). IAM returns these IDs from
// its APIs; policies and aws:userid carry them.
const (
	PrefixBearerToken               = "ABIA" // AWS STS service bearer token
	PrefixServiceSpecificCredential = "ACCA" // context-specific (service-specific) credential
	PrefixGroup                     = "AGPA" // IAM user group
	PrefixUser                      = "AIDA" // IAM user
	PrefixInstanceProfile           = "AIPA" // Amazon EC2 instance profile
	PrefixAccessKey                 = "AKIA" // long-term access key
	PrefixManagedPolicy             = "ANPA" // managed policy
	PrefixPolicyVersion             = "ANVA" // version in a managed policy
	PrefixPublicKey                 = "APKA" // SSH public key
	PrefixRole                      = "AROA" // IAM role
	PrefixServerCertificate         = "ASCA" // server certificate
	PrefixTemporaryAccessKey        = "ASIA" // temporary (AWS STS) access key
)

// Lengths of generated identifiers, as IAM issues them: a unique ID is 21 characters and an
// access key ID 20, each a four-letter prefix followed by characters from the RFC 4648
// base32 alphabet (A–Z, 2–7).
const (
	UniqueIDLength    = 21
	AccessKeyIDLength = 20
)

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// uniqueIDPrefixes are the prefixes of 21-character unique IDs; access keys are the others.
var uniqueIDPrefixes = []string{
	PrefixBearerToken, PrefixServiceSpecificCredential, PrefixGroup, PrefixUser,
	PrefixInstanceProfile, PrefixManagedPolicy, PrefixPolicyVersion, PrefixPublicKey,
	PrefixRole, PrefixServerCertificate,
}

// NewUniqueID returns a new 21-character unique ID with the given prefix (PrefixUser,
// PrefixRole, …), drawing its randomness from rand.
func NewUniqueID(rand io.Reader, prefix string) (string, error) {
	if !isPrefix(prefix, uniqueIDPrefixes) {
		return "", fmt.Errorf("arn: %q is not a unique-ID prefix", prefix)
	}
	return generate(rand, prefix, UniqueIDLength)
}

// NewAccessKeyID returns a new 20-character access key ID: AKIA… for a long-term key, ASIA…
// for temporary (STS) credentials.
func NewAccessKeyID(rand io.Reader, temporary bool) (string, error) {
	prefix := PrefixAccessKey
	if temporary {
		prefix = PrefixTemporaryAccessKey
	}
	return generate(rand, prefix, AccessKeyIDLength)
}

func generate(rand io.Reader, prefix string, length int) (string, error) {
	n := length - len(prefix)
	buf := make([]byte, length)
	copy(buf, prefix)
	rnd := buf[len(prefix):]
	if _, err := io.ReadFull(rand, rnd); err != nil {
		return "", fmt.Errorf("arn: reading randomness for a %s ID: %w", prefix, err)
	}
	// 256 is a multiple of 32, so taking the low five bits keeps the distribution uniform.
	for i := 0; i < n; i++ {
		rnd[i] = base32Alphabet[rnd[i]&31]
	}
	return string(buf), nil
}

// IsUniqueID reports whether s has the form of an IAM unique ID and returns its prefix.
func IsUniqueID(s string) (prefix string, ok bool) {
	if len(s) != UniqueIDLength || !isPrefix(s[:4], uniqueIDPrefixes) || !isBase32(s[4:]) {
		return "", false
	}
	return s[:4], true
}

// IsAccessKeyID reports whether s has the form of an access key ID (AKIA… or ASIA…).
func IsAccessKeyID(s string) bool {
	return len(s) == AccessKeyIDLength &&
		(s[:4] == PrefixAccessKey || s[:4] == PrefixTemporaryAccessKey) && isBase32(s[4:])
}

func isPrefix(p string, set []string) bool {
	for _, q := range set {
		if p == q {
			return true
		}
	}
	return false
}

func isBase32(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}
