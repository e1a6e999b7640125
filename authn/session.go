package authn

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
)

// sessionEntry is an opened token: the caller it authenticates and its secret.
type sessionEntry struct {
	token  string
	secret []byte
	caller *callctx.Caller
}

// SealSession seals the claims of a new session into its token.
func (a *Authenticator) SealSession(c *sessiontoken.Claims) (string, error) {
	if a.seals == nil {
		return "", errors.New("authn: no session sealer configured")
	}
	return sessiontoken.Seal(a.seals, c)
}

// LookupSession authenticates temporary credentials: it opens the session token presented
// with accessKeyID (any node can: the token is self-contained) and returns the secret to
// verify the signature with and the caller. A token that does not open, is bound to another
// key, or whose role or user no longer exists is ErrUnknownKey; one past its expiry is
// ErrExpiredToken. The secret is shared: the caller must not modify it. Opened tokens are
// cached by access key ID, so a session's later requests skip opening; the caller is the
// same value for every request of the token.
func (a *Authenticator) LookupSession(ctx context.Context, accessKeyID, token string) (secret []byte, caller *callctx.Caller, err error) {
	if a.seals == nil {
		return nil, nil, ErrUnknownKey
	}
	a.sessMu.RLock()
	e, ok := a.sessions[accessKeyID]
	a.sessMu.RUnlock()
	if !ok || e.token != token {
		claims, err := sessiontoken.Open(a.seals, accessKeyID, token)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrUnknownKey, err)
		}
		e = &sessionEntry{token: token, secret: []byte(claims.Secret), caller: CallerFromClaims(claims)}
		if a.now().Before(e.caller.Expires) {
			a.sessMu.Lock()
			if len(a.sessions) >= maxSessions {
				clear(a.sessions)
			}
			a.sessions[accessKeyID] = e
			a.sessMu.Unlock()
		}
	}
	c := e.caller
	if !a.now().Before(c.Expires) {
		return nil, nil, ErrExpiredToken
	}
	if err := a.sessionPrincipalExists(ctx, c); err != nil {
		return nil, nil, err
	}
	return e.secret, c, nil
}

// sessionPrincipalExists fails with ErrUnknownKey when the role or user a session belongs to
// is gone: a role deleted (even recreated under the same name, with a new ID) ends its
// sessions.
func (a *Authenticator) sessionPrincipalExists(ctx context.Context, c *callctx.Caller) error {
	var kind store.PrincipalKind
	var id string
	switch c.Kind {
	case callctx.KindRoleSession:
		kind, id = store.PrincipalRole, c.RoleID
	case callctx.KindUser, callctx.KindFederatedUser:
		if c.UserID == "" {
			return nil // a federated session of the root user
		}
		kind, id = store.PrincipalUser, c.UserID
	default:
		return nil
	}
	ok, err := a.exists(ctx, kind, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: the session's %s no longer exists", ErrUnknownKey, kind)
	}
	return nil
}

func (a *Authenticator) exists(ctx context.Context, kind store.PrincipalKind, id string) (bool, error) {
	if a.principals != nil {
		return a.principals.PrincipalExists(ctx, kind, id)
	}
	err := a.raw.View(ctx, func(tx store.Tx) error {
		var err error
		if kind == store.PrincipalRole {
			_, err = tx.Roles().GetByID(ctx, id)
		} else {
			_, err = tx.Users().GetByID(ctx, id)
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// CallerFromClaims builds the caller a session token authenticates.
func CallerFromClaims(cl *sessiontoken.Claims) *callctx.Caller {
	c := &callctx.Caller{AccountID: cl.AccountID, ARN: cl.ARN, UniqueID: cl.UniqueID, UserID: cl.UserID,
		UserName: cl.UserName, AccessKeyID: cl.AccessKeyID, RoleARN: cl.RoleARN, RoleID: cl.RoleID,
		SessionName: cl.SessionName, SessionPolicy: cl.Policy, SessionPolicyARNs: cl.PolicyARNs,
		TokenIssued: cl.Issued, MFA: cl.MFA, MFATime: cl.MFATime, SourceIdentity: cl.SourceIdentity,
		Temporary: true, Expires: cl.Expires, TransitiveTagKeys: cl.TransitiveKeys, Chained: cl.Chained}
	switch cl.Kind {
	case sessiontoken.RoleSession:
		c.Kind, c.Issuer = callctx.KindRoleSession, callctx.IssuerAssumeRole
	case sessiontoken.FederatedUser:
		c.Kind, c.Issuer = callctx.KindFederatedUser, callctx.IssuerFederationToken
	case sessiontoken.UserSession:
		c.Kind, c.Issuer = callctx.KindUser, callctx.IssuerSessionToken
	case sessiontoken.RootSession:
		c.Kind, c.Issuer = callctx.KindRoot, callctx.IssuerSessionToken
		if len(cl.PolicyARNs) > 0 { // only AssumeRoot's sessions carry a (task) policy
			c.Issuer = callctx.IssuerAssumeRoot
		}
	}
	if len(cl.Tags) > 0 {
		c.SessionTags = make(map[string]string, len(cl.Tags))
		for _, t := range cl.Tags {
			c.SessionTags[t.Key] = t.Value
		}
	}
	return c
}
