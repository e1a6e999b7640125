package iam

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Sealer seals secrets at rest; *keyring.Keyring (purpose keyring.SecretAccessKeys) is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
}

// Config is what the service needs. Authz and Secrets are required.
type Config struct {
	Authz *authz.Authorizer
	// Secrets seals new secret access keys, with the access key ID as associated data.
	Secrets Sealer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand is the source of IDs and secrets; nil means crypto/rand.
	Rand io.Reader
}

// Service implements iamwire.Handler.
type Service struct {
	iamwire.Unimplemented
	authz   *authz.Authorizer
	store   store.Store
	secrets Sealer
	now     func() time.Time
	rand    io.Reader
}

var _ iamwire.Handler = (*Service)(nil)

// New returns the IAM service. It reads and writes through cfg.Authz.Store(), so that its
// writes reach the authorization caches before it answers.
func New(cfg Config) *Service {
	s := &Service{authz: cfg.Authz, store: cfg.Authz.Store(), secrets: cfg.Secrets, now: cfg.Now, rand: cfg.Rand}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	return s
}

// timestamp is the time a new entity is stamped with: IAM reports whole seconds.
func (s *Service) timestamp() time.Time {
	return s.now().UTC().Truncate(time.Second)
}

// begin returns the request's authenticated call.
func begin(ctx context.Context) (*authz.Call, error) {
	call, ok := authz.CallFrom(ctx)
	if !ok {
		return nil, awserr.Internal(errors.New("iam: request without an authenticated caller"))
	}
	return call, nil
}

func (s *Service) authorize(ctx context.Context, call *authz.Call, action, resource string, keys ...authz.Key) error {
	return s.authz.Authorize(ctx, call, authz.Request{Action: action, Resource: resource, Keys: keys})
}

// userARN is the ARN of a user: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

// userResource is the resource a request about a user is authorized against: the user's own
// ARN (with its path) when it exists, else the path-less ARN its name would have.
func userResource(account, name string, u *store.User) string {
	if u != nil {
		return u.ARN
	}
	return userARN(account, "/", name)
}

// findUser reads a user and its tags by name; u is nil when there is no such user.
func (s *Service) findUser(ctx context.Context, account, name string) (u *store.User, tags []store.Tag, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		got, err := tx.Users().Get(ctx, account, name)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		u = &got
		tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: got.ID})
		return err
	})
	return u, tags, err
}

// userInTx re-reads a user inside a write transaction, where it may have gone since it was
// authorized.
func userInTx(ctx context.Context, tx store.Tx, account, name string) (store.User, error) {
	u, err := tx.Users().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) {
		return u, noSuchUser(name)
	}
	return u, err
}

// resourceTagKeys are the condition keys describing an existing resource's tags: the global
// aws:ResourceTag/… and IAM's own iam:ResourceTag/… (Service Authorization Reference, IAM
// resource type "user").
func resourceTagKeys(tags []store.Tag) []authz.Key {
	keys := make([]authz.Key, 0, 2*len(tags))
	for _, t := range tags {
		keys = append(keys, authz.StringKey("aws:ResourceTag/"+t.Key, t.Value), authz.StringKey("iam:ResourceTag/"+t.Key, t.Value))
	}
	return keys
}

// requestTagKeys are the condition keys of tags a request adds: aws:RequestTag/… and
// aws:TagKeys.
func requestTagKeys(tags []iamwire.Tag) []authz.Key {
	keys := make([]authz.Key, 0, len(tags)+1)
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		keys = append(keys, authz.StringKey("aws:RequestTag/"+t.Key, t.Value))
		names = append(names, t.Key)
	}
	return append(keys, authz.ListKey("aws:TagKeys", names))
}

// page turns a request's Marker and MaxItems into store list options. The marker is opaque to
// clients: the store's After key, base64url-encoded.
func page(marker *string, maxItems *int32) (store.ListOptions, error) {
	o := store.ListOptions{Limit: DefaultMaxItems}
	if maxItems != nil {
		o.Limit = int(*maxItems)
	}
	if marker != nil {
		after, err := base64.RawURLEncoding.DecodeString(*marker)
		if err != nil || len(after) == 0 {
			return o, invalidMarker()
		}
		o.After = string(after)
	}
	return o, nil
}

// nextMarker is the Marker and IsTruncated of a page whose last item has key last.
func nextMarker(more bool, last string) (*string, *bool) {
	truncated := more
	if !more {
		return nil, &truncated
	}
	m := base64.RawURLEncoding.EncodeToString([]byte(last))
	return &m, &truncated
}

func wireTags(tags []store.Tag) []iamwire.Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]iamwire.Tag, len(tags))
	for i, t := range tags {
		out[i] = iamwire.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// wireUser is a user as GetUser and CreateUser return it; ListUsers leaves out the
// boundary and tags, as AWS does.
func wireUser(u *store.User, tags []store.Tag, full bool) iamwire.User {
	out := iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	if full {
		if u.BoundaryARN != "" {
			typ := iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy
			arn := u.BoundaryARN
			out.PermissionsBoundary = &iamwire.AttachedPermissionsBoundary{PermissionsBoundaryType: &typ, PermissionsBoundaryArn: &arn}
		}
		out.Tags = wireTags(tags)
	}
	return out
}

// newSecret returns a new secret access key: 40 characters of the base64 alphabet, as AWS's.
func (s *Service) newSecret() (string, error) {
	var b [SecretAccessKeyLength * 3 / 4]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return "", fmt.Errorf("iam: generating a secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b[:]), nil
}

// optional returns *p, or "" for nil.
func optional(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
