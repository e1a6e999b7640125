package core

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
)

// Sealer seals secrets at rest; *keyring.Keyring (purpose keyring.SecretAccessKeys) is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
}

// Base holds what every operation family needs. Families embed *Base.
type Base struct {
	Authz *authz.Authorizer
	Authn *authn.Authenticator
	Usage *usage.Tracker
	// Accesses is the audit trail last-accessed data is read from; nil when the node keeps none.
	Accesses lastaccess.Source
	// Store is the node's store: writes through it reach the authorization caches before the
	// operation answers, so a changed key or policy applies to the very next request.
	Store store.Store
	// Secrets seals new secrets (access keys, and other credentials families issue), with the
	// credential's ID as associated data.
	Secrets Sealer
	// Now is the clock.
	Now func() time.Time
	// Rand is the source of IDs and secrets.
	Rand io.Reader
}

// NewBase fills in the defaults: the node's clock (time.Now without a node) and crypto/rand.
func NewBase(n *node.Node, secrets Sealer, now func() time.Time, random io.Reader) *Base {
	b := &Base{Secrets: secrets, Now: now, Rand: random}
	if n != nil {
		b.Authz, b.Authn, b.Usage, b.Store = n.Authz, n.Authn, n.Usage, n.Store
		b.Accesses = lastaccess.FromTrail(n.Trail)
		if b.Now == nil {
			b.Now = n.Now
		}
	}
	if b.Now == nil {
		b.Now = time.Now
	}
	if b.Rand == nil {
		b.Rand = rand.Reader
	}
	return b
}

// Timestamp is the time a new entity is stamped with: IAM reports whole seconds.
func (b *Base) Timestamp() time.Time {
	return b.Now().UTC().Truncate(time.Second)
}

// NewSecret returns a new secret access key: 40 characters of the base64 alphabet, as AWS's.
func (b *Base) NewSecret() (string, error) {
	var buf [SecretAccessKeyLength * 3 / 4]byte
	if _, err := io.ReadFull(b.Rand, buf[:]); err != nil {
		return "", fmt.Errorf("iam: generating a secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(buf[:]), nil
}

// Optional returns *p, or "" for nil.
func Optional(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// IsNotFound reports whether err is the store's not-found sentinel.
func IsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// Unique is the error of a store write that must not collide with what is stored: the store's
// ErrAlreadyExists becomes exists (EntityAlreadyExists naming the entity, DuplicateCertificate,
// …); any other err stays itself.
func Unique(err, exists error) error {
	if errors.Is(err, store.ErrAlreadyExists) {
		return exists
	}
	return err
}

// NotFoundOr is err, or store.ErrNotFound when err is nil: a lookup that found nothing
// without failing.
func NotFoundOr(err error) error {
	if err == nil {
		return store.ErrNotFound
	}
	return err
}
