package credentials

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// serviceKind is how a service's credentials look.
type serviceKind struct {
	// apiKey: the credential is an API key (ServiceCredentialAlias and
	// ServiceCredentialSecret) that may expire (CredentialAgeDays), not a user name and
	// password.
	apiKey bool
}

// services are the services IAM issues service-specific credentials for
// (CreateServiceSpecificCredential): Git credentials for CodeCommit, Amazon Keyspaces
// passwords, and Amazon Bedrock API keys.
var services = map[string]serviceKind{
	"codecommit.amazonaws.com": {},
	"cassandra.amazonaws.com":  {},
	"bedrock.amazonaws.com":    {apiKey: true},
}

// serviceCredentialSecret is a new password or API key secret: random bytes in base64. Service
// passwords are 60 characters ending in "=", as AWS's are.
func serviceCredentialSecret(rand io.Reader, apiKey bool) (string, error) {
	n := servicePasswordBytes
	if apiKey {
		n = apiKeySecretBytes
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return "", fmt.Errorf("iam: generating a service credential: %w", err)
	}
	return base64.StdEncoding.EncodeToString(buf), nil
}

// seal seals a credential's secret with its ID as associated data, so a sealed secret copied to
// another credential does not open.
func (s *Credentials) seal(id, secret string) ([]byte, error) {
	sealed, err := s.Secrets.Seal([]byte(secret), []byte(id))
	if err != nil {
		return nil, fmt.Errorf("iam: sealing a service-specific credential: %w", err)
	}
	return sealed, nil
}

// status is a credential's status as IAM reports it: Expired once an API key's age has run out.
func status(c store.ServiceCredential, now time.Time) iamwire.StatusType {
	if !c.Expires.IsZero() && !now.Before(c.Expires) {
		return iamwire.StatusTypeExpired
	}
	return iamwire.StatusType(c.Status)
}

// wireServiceCredential is a credential as Create and Reset return it, with its new secret.
func wireServiceCredential(c store.ServiceCredential, secret string, now time.Time) *iamwire.ServiceSpecificCredential {
	out := &iamwire.ServiceSpecificCredential{CreateDate: c.Created, ServiceName: c.ServiceName,
		ServiceSpecificCredentialId: c.ID, UserName: c.UserName, Status: status(c, now)}
	if !c.Expires.IsZero() {
		exp := c.Expires
		out.ExpirationDate = &exp
	}
	if services[c.ServiceName].apiKey {
		alias := c.Alias
		out.ServiceCredentialAlias, out.ServiceCredentialSecret = &alias, &secret
	} else {
		name := c.ServiceUserName
		out.ServiceUserName, out.ServicePassword = &name, &secret
	}
	return out
}

// wireServiceCredentialMetadata is a credential as ListServiceSpecificCredentials returns it.
func wireServiceCredentialMetadata(c store.ServiceCredential, now time.Time) iamwire.ServiceSpecificCredentialMetadata {
	out := iamwire.ServiceSpecificCredentialMetadata{UserName: c.UserName, Status: status(c, now), CreateDate: c.Created,
		ServiceSpecificCredentialId: c.ID, ServiceName: c.ServiceName}
	if !c.Expires.IsZero() {
		exp := c.Expires
		out.ExpirationDate = &exp
	}
	if services[c.ServiceName].apiKey {
		alias := c.Alias
		out.ServiceCredentialAlias = &alias
	} else {
		name := c.ServiceUserName
		out.ServiceUserName = &name
	}
	return out
}

// serviceKeys are the condition keys of an operation on a service's credentials.
func serviceKeys(service string, ageDays *int32) []authz.Key {
	keys := []authz.Key{authz.StringKey("iam:ServiceSpecificCredentialServiceName", service)}
	if ageDays != nil {
		keys = append(keys, authz.StringKey("iam:ServiceSpecificCredentialAgeDays", strconv.Itoa(int(*ageDays))))
	}
	return keys
}

// The condition keys of the operations on service-specific credentials.
const (
	serviceNameKey = "iam:ServiceSpecificCredentialServiceName"
	ageDaysKey     = "iam:ServiceSpecificCredentialAgeDays"
)

// serviceKeySource is the condition keys of a request naming a service (and an age).
func serviceKeySource[In any](args func(*In) (string, *int32)) op.KeySource[In] {
	return op.KeySource[In]{Keys: []string{serviceNameKey, ageDaysKey}, Of: func(in *In) []authz.Key { return serviceKeys(args(in)) }}
}

// ownedCred is a credential of the owner, as ownedCredential finds it.
type ownedCred struct {
	core.Owner
	cred store.ServiceCredential
}

// ownedCredential is the resolver of Update, Reset and Delete: the owner is authorized with
// the credential's service as iam:ServiceSpecificCredentialServiceName, and a credential that
// is not the owner's is NoSuchEntity (after authorization, so that an unauthorized caller
// learns nothing). args returns the UserName and the credential's ID.
func ownedCredential[In any](args func(*In) (*string, string)) op.Resolver[*Credentials, In, ownedCred] {
	owner := core.OwnerOf[*Credentials](func(in *In) *string { n, _ := args(in); return n }, core.SelfUser)
	return op.Resolver[*Credentials, In, ownedCred]{Keys: append(slices.Clone(owner.Keys), serviceNameKey),
		Find: func(s *Credentials, ctx context.Context, call *callctx.Call, in *In) (op.Target[ownedCred], error) {
			_, id := args(in)
			o, err := owner.Find(s, ctx, call, in)
			if err != nil {
				return op.Target[ownedCred]{}, err
			}
			t := op.Target[ownedCred]{ARN: o.ARN, Keys: o.Keys, Missing: o.Missing, Entity: ownedCred{Owner: o.Entity}}
			c, err := core.Read(ctx, s.Store, func(tx store.Tx) (store.ServiceCredential, error) {
				return tx.ServiceCredentials().Get(ctx, call.Caller.AccountID, id)
			})
			if err != nil && !core.IsNotFound(err) {
				return t, err
			}
			if err == nil && o.Entity.User != nil && c.UserID == o.Entity.User.ID {
				t.Entity.cred = c
				t.Keys = append(t.Keys, serviceKeys(c.ServiceName, nil)...)
			} else if t.Missing == nil {
				t.Missing = iamerr.NoSuchServiceCredential.Err(id)
			}
			return t, nil
		}}
}

// CreateServiceSpecificCredential issues a credential a user can use with one service only:
// for CodeCommit and Keyspaces a user name (USER-at-ACCOUNT) and a generated password, for
// Bedrock an API key (an alias and a secret) that may expire after CredentialAgeDays. The
// secret is sealed at rest and shown only now and on reset. A user has at most
// MaxServiceCredentialsPerService credentials per service.
var createServiceSpecificCredential = &op.Op[*Credentials, iamwire.CreateServiceSpecificCredentialInput, iamwire.CreateServiceSpecificCredentialOutput, core.Owner]{
	Name: "CreateServiceSpecificCredential", Action: "iam:CreateServiceSpecificCredential",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.CreateServiceSpecificCredentialInput) string { return in.UserName }),
	Keys: []op.KeySource[iamwire.CreateServiceSpecificCredentialInput]{serviceKeySource(func(in *iamwire.CreateServiceSpecificCredentialInput) (string, *int32) {
		return in.ServiceName, in.CredentialAgeDays
	})},
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.CreateServiceSpecificCredentialInput, core.Owner]) (*iamwire.CreateServiceSpecificCredentialOutput, error) {
		in, o, account := r.In, r.Entity(), r.Account()
		kind, ok := services[in.ServiceName]
		if !ok {
			return nil, iamerr.NotSupportedService.Err(in.ServiceName)
		}
		if in.CredentialAgeDays != nil && !kind.apiKey {
			return nil, iamerr.AgeDaysNotSupported.Err(in.ServiceName)
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixServiceSpecificCredential)
		if err != nil {
			return nil, err
		}
		secret, err := serviceCredentialSecret(s.Rand, kind.apiKey)
		if err != nil {
			return nil, err
		}
		sealed, err := s.seal(id, secret)
		if err != nil {
			return nil, err
		}
		now := s.Timestamp()
		c := store.ServiceCredential{ID: id, AccountID: account, ServiceName: in.ServiceName, SealedPassword: sealed,
			Status: store.StatusActive, Created: now}
		if kind.apiKey {
			// The public part of an API key: the user, the key format's version and the creation
			// time. Unconfirmed format.
			c.Alias = o.Name() + "-at-" + account + "+1-" + strconv.FormatInt(now.Unix(), 10)
			if in.CredentialAgeDays != nil {
				c.Expires = now.Add(time.Duration(*in.CredentialAgeDays) * day)
			}
		} else {
			c.ServiceUserName = o.Name() + "-at-" + account
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if c.UserID, err = o.InTx(ctx, tx); err != nil {
				return err
			}
			have, _, err := tx.ServiceCredentials().List(ctx, account,
				store.ServiceCredentialFilter{UserID: c.UserID, ServiceName: c.ServiceName},
				store.ListOptions{Limit: MaxServiceCredentialsPerService + 1})
			if err != nil {
				return err
			}
			if len(have) >= MaxServiceCredentialsPerService {
				return core.QuotaExceeded("ServiceSpecificCredentialsPerUserPerService", MaxServiceCredentialsPerService)
			}
			return tx.ServiceCredentials().Create(ctx, c)
		})
		if err != nil {
			return nil, err
		}
		c.UserName = o.Name()
		return &iamwire.CreateServiceSpecificCredentialOutput{ServiceSpecificCredential: wireServiceCredential(c, secret, s.Now())}, nil
	}}

// ResetServiceSpecificCredential replaces a credential's password (or API key secret) with a
// new generated one, returned this once; the old one stops working at once.
var resetServiceSpecificCredential = &op.Op[*Credentials, iamwire.ResetServiceSpecificCredentialInput, iamwire.ResetServiceSpecificCredentialOutput, ownedCred]{
	Name: "ResetServiceSpecificCredential", Action: "iam:ResetServiceSpecificCredential",
	Resolve: ownedCredential(func(in *iamwire.ResetServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	}),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ResetServiceSpecificCredentialInput, ownedCred]) (*iamwire.ResetServiceSpecificCredentialOutput, error) {
		id, account, c := r.In.ServiceSpecificCredentialId, r.Account(), r.Entity().cred
		secret, err := serviceCredentialSecret(s.Rand, services[c.ServiceName].apiKey)
		if err != nil {
			return nil, err
		}
		sealed, err := s.seal(id, secret)
		if err != nil {
			return nil, err
		}
		err = r.Entity().change(ctx, s.Store, account, id, func(tx store.Tx) error {
			if err := tx.ServiceCredentials().ResetPassword(ctx, account, id, sealed); err != nil {
				return err
			}
			c, err = tx.ServiceCredentials().Get(ctx, account, id)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ResetServiceSpecificCredentialOutput{ServiceSpecificCredential: wireServiceCredential(c, secret, s.Now())}, nil
	}}

// UpdateServiceSpecificCredential makes a user's (without UserName, the calling user's)
// service-specific credential Active or Inactive.
var updateServiceSpecificCredential = &op.Op[*Credentials, iamwire.UpdateServiceSpecificCredentialInput, iamwire.UpdateServiceSpecificCredentialOutput, ownedCred]{
	Name: "UpdateServiceSpecificCredential", Action: "iam:UpdateServiceSpecificCredential",
	Resolve: core.Checked(func(in *iamwire.UpdateServiceSpecificCredentialInput) error { return core.CheckStatus(in.Status) }, ownedCredential(func(in *iamwire.UpdateServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	})),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateServiceSpecificCredentialInput, ownedCred]) (*iamwire.UpdateServiceSpecificCredentialOutput, error) {
		in := r.In
		return core.Done[iamwire.UpdateServiceSpecificCredentialOutput](r.Entity().change(ctx, s.Store, r.Account(), in.ServiceSpecificCredentialId,
			func(tx store.Tx) error {
				return tx.ServiceCredentials().UpdateStatus(ctx, r.Account(), in.ServiceSpecificCredentialId, string(in.Status))
			}))
	}}

// change runs write in a write transaction once it has checked there that the credential id
// still exists and belongs to the owner (else NoSuchEntity).
func (c ownedCred) change(ctx context.Context, st store.Store, account, id string, write func(tx store.Tx) error) error {
	return c.Owner.Write(ctx, st, iamerr.NoSuchServiceCredential.Err(id), func(tx store.Tx, userID string) error {
		if cred, err := tx.ServiceCredentials().Get(ctx, account, id); err != nil {
			return err
		} else if cred.UserID != userID {
			return store.ErrNotFound
		}
		return write(tx)
	})
}

// DeleteServiceSpecificCredential removes a user's (without UserName, the calling user's)
// service-specific credential.
var deleteServiceSpecificCredential = &op.Op[*Credentials, iamwire.DeleteServiceSpecificCredentialInput, iamwire.DeleteServiceSpecificCredentialOutput, ownedCred]{
	Name: "DeleteServiceSpecificCredential", Action: "iam:DeleteServiceSpecificCredential",
	Resolve: ownedCredential(func(in *iamwire.DeleteServiceSpecificCredentialInput) (*string, string) {
		return in.UserName, in.ServiceSpecificCredentialId
	}),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteServiceSpecificCredentialInput, ownedCred]) (*iamwire.DeleteServiceSpecificCredentialOutput, error) {
		id := r.In.ServiceSpecificCredentialId
		return core.Done[iamwire.DeleteServiceSpecificCredentialOutput](r.Entity().change(ctx, s.Store, r.Account(), id,
			func(tx store.Tx) error { return tx.ServiceCredentials().Delete(ctx, r.Account(), id) }))
	}}

// ListServiceSpecificCredentials lists service-specific credentials, without their secrets,
// ordered by ID: a user's (without UserName, the calling user's), or with AllUsers the whole
// account's; ServiceName narrows either to one service.
var listServiceSpecificCredentials = &op.Op[*Credentials, iamwire.ListServiceSpecificCredentialsInput, iamwire.ListServiceSpecificCredentialsOutput, core.Owner]{
	Name: "ListServiceSpecificCredentials", Action: "iam:ListServiceSpecificCredentials",
	Resolve: op.Resolver[*Credentials, iamwire.ListServiceSpecificCredentialsInput, core.Owner]{Keys: owners.Keys,
		Find: func(s *Credentials, ctx context.Context, call *callctx.Call, in *iamwire.ListServiceSpecificCredentialsInput) (op.Target[core.Owner], error) {
			if in.AllUsers == nil || !*in.AllUsers {
				return owners.Find(s, ctx, call, in)
			}
			if in.UserName != nil {
				return op.Target[core.Owner]{}, iamerr.UserNameWithAllUsers.Err()
			}
			return op.Target[core.Owner]{ARN: arn.IAM(call.Caller.AccountID, "user/*")}, nil
		}},
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ListServiceSpecificCredentialsInput, core.Owner]) (*iamwire.ListServiceSpecificCredentialsOutput, error) {
		in, all := r.In, r.In.AllUsers != nil && *r.In.AllUsers
		f := store.ServiceCredentialFilter{AllUsers: all, ServiceName: core.Optional(in.ServiceName)}
		if !all {
			f.UserID = r.Entity().ID()
		}
		if _, ok := services[f.ServiceName]; f.ServiceName != "" && !ok {
			return nil, iamerr.NotSupportedService.Err(f.ServiceName)
		}
		now := s.Now()
		page, err := core.List(ctx, s.Store, in.Marker, in.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.ServiceCredential, bool, error) {
				return tx.ServiceCredentials().List(ctx, r.Account(), f, o)
			},
			func(c *store.ServiceCredential) string { return c.ID },
			func(c *store.ServiceCredential) iamwire.ServiceSpecificCredentialMetadata {
				return wireServiceCredentialMetadata(*c, now)
			})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListServiceSpecificCredentialsOutput{ServiceSpecificCredentials: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// owners is the resolver of ListServiceSpecificCredentials for one user's credentials.
var owners = core.OwnerOf[*Credentials](func(in *iamwire.ListServiceSpecificCredentialsInput) *string { return in.UserName }, core.SelfUser)
