package credentials

import (
	"context"
	"encoding/base64"
	"fmt"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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
