package sessiontoken

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Sealer seals and opens values with associated data; *keyring.Keyring (purpose
// keyring.SessionTokens) is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Kind is who a session is for.
type Kind uint8

const (
	// RoleSession is an AssumeRole session.
	RoleSession Kind = iota + 1
	// FederatedUser is a GetFederationToken session of an IAM user (or root).
	FederatedUser
	// UserSession is a GetSessionToken session of an IAM user.
	UserSession
	// RootSession is a GetSessionToken session of an account's root user.
	RootSession
)

func (k Kind) valid() bool { return k >= RoleSession && k <= RootSession }

// Tag is a session tag.
type Tag struct {
	Key, Value string
}

// Claims are what a token carries. Times are kept to the second.
type Claims struct {
	Kind Kind
	// AccessKeyID is the ASIA… key the token is bound to; Secret is its secret access key.
	AccessKeyID string
	Secret      string
	Issued      time.Time
	Expires     time.Time

	AccountID string
	// ARN and UniqueID are what GetCallerIdentity reports: the session's ARN and its UserId.
	ARN      string
	UniqueID string
	// UserID and UserName name the IAM user of a user or federated session.
	UserID   string
	UserName string
	// RoleID, RoleARN and SessionName describe a role session.
	RoleID      string
	RoleARN     string
	SessionName string

	// Policy is the inline session policy ("" when none was passed); PolicyARNs the managed
	// session policies.
	Policy     string
	PolicyARNs []string
	// Tags are the session tags, inherited transitive ones included; TransitiveKeys says
	// which of them pass on to a chained session.
	Tags           []Tag
	TransitiveKeys []string

	SourceIdentity string
	// MFA says MFA was used to obtain the session (or the session it was chained from), at
	// MFATime.
	MFA     bool
	MFATime time.Time
	// Chained marks a session obtained with temporary credentials (role chaining).
	Chained bool
}

// Seal encodes and seals c into a token bound to c.AccessKeyID.
func Seal(s Sealer, c *Claims) (string, error) {
	if !c.Kind.valid() || c.AccessKeyID == "" || c.Secret == "" {
		return "", errors.New("sessiontoken: claims without a kind, access key ID or secret")
	}
	enc, err := encode(c)
	if err != nil {
		return "", err
	}
	sealed, err := s.Seal(enc, associated(c.AccessKeyID))
	if err != nil {
		return "", fmt.Errorf("sessiontoken: sealing: %w", err)
	}
	raw := make([]byte, 0, 1+len(sealed))
	raw = append(append(raw, tokenV1), sealed...)
	return base64.StdEncoding.EncodeToString(raw), nil
}

// Open decodes a token presented with accessKeyID. Errors wrap ErrMalformed or ErrInvalid.
// It does not look at the expiry: the caller compares Expires with its clock.
func Open(s Sealer, accessKeyID, token string) (*Claims, error) {
	if len(token) == 0 || len(token) > MaxTokenLen {
		return nil, fmt.Errorf("%w: %d characters", ErrMalformed, len(token))
	}
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil || len(raw) < 2 || raw[0] != tokenV1 {
		return nil, fmt.Errorf("%w: not a version 1 token", ErrMalformed)
	}
	plaintext, err := s.Open(raw[1:], associated(accessKeyID))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	c, err := decode(plaintext)
	if err != nil {
		return nil, err
	}
	if c.AccessKeyID != accessKeyID {
		return nil, fmt.Errorf("%w: bound to another access key", ErrInvalid)
	}
	return c, nil
}

func associated(accessKeyID string) []byte {
	return append([]byte(associatedPrefix), accessKeyID...)
}

// encode writes the claims, deflated when that makes them smaller.
func encode(c *Claims) ([]byte, error) {
	var w writer
	w.claims(c)
	body := w.b
	if len(body) < compressAbove {
		return append([]byte{claimsV1, plain}, body...), nil
	}
	var buf bytes.Buffer
	buf.Write([]byte{claimsV1, deflated})
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(&buf)
	fw.Write(body)
	err := fw.Close()
	deflaters.Put(fw)
	if err != nil {
		return nil, err
	}
	if buf.Len() >= 2+len(body) {
		return append([]byte{claimsV1, plain}, body...), nil
	}
	return buf.Bytes(), nil
}

// deflaters reuses compressors, which allocate about a megabyte each.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestCompression)
	return w
}}

func decode(b []byte) (*Claims, error) {
	if len(b) < 2 || b[0] != claimsV1 {
		return nil, fmt.Errorf("%w: unknown claims format", ErrMalformed)
	}
	body := b[2:]
	switch b[1] {
	case plain:
	case deflated:
		fr := flate.NewReader(bytes.NewReader(body))
		out, err := io.ReadAll(io.LimitReader(fr, maxPlainLen+1))
		if err != nil || len(out) > maxPlainLen {
			return nil, fmt.Errorf("%w: bad compressed claims", ErrMalformed)
		}
		body = out
	default:
		return nil, fmt.Errorf("%w: unknown compression %d", ErrMalformed, b[1])
	}
	r := reader{b: body}
	c := r.claims()
	if r.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrMalformed, len(r.b))
	}
	if !c.Kind.valid() {
		return nil, fmt.Errorf("%w: unknown session kind %d", ErrMalformed, c.Kind)
	}
	return c, nil
}
