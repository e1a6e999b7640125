package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *Credentials) CreateServiceSpecificCredential(ctx context.Context, in *iamwire.CreateServiceSpecificCredentialInput) (*iamwire.CreateServiceSpecificCredentialOutput, error) {
	return createServiceSpecificCredential.Run(ctx, s, in)
}
