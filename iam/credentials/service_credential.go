package credentials

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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

// ownedCredential reads a credential of the owner for Update, Reset and Delete: the owner is
// authorized with the credential's service as iam:ServiceSpecificCredentialServiceName, and a
// credential that is not the owner's is NoSuchEntity (after authorization, so that an
// unauthorized caller learns nothing).
func (s *Credentials) ownedCredential(ctx context.Context, call *callctx.Call, action string, userName *string, id string) (owner, store.ServiceCredential, error) {
	account := call.Caller.AccountID
	o, err := s.ownerOf(ctx, call, userName, false)
	if err != nil {
		return o, store.ServiceCredential{}, err
	}
	var c store.ServiceCredential
	found := false
	err = s.Store.View(ctx, func(tx store.Tx) error {
		c, err = tx.ServiceCredentials().Get(ctx, account, id)
		if core.IsNotFound(err) {
			return nil
		}
		found = err == nil && o.user != nil && c.UserID == o.user.ID
		return err
	})
	if err != nil {
		return o, c, err
	}
	var keys []authz.Key
	if found {
		keys = serviceKeys(c.ServiceName, nil)
	}
	if err := s.authorize(ctx, call, action, o, keys...); err != nil {
		return o, c, err
	}
	if !found {
		return o, c, noSuchServiceCredential(id)
	}
	return o, c, nil
}
