package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Root sign-in: the root user signs in with the account's email address (or its ID) and the
// root password an administrator set (`gatehouse accounts set-root-password`), then the code
// of the root user's virtual MFA device or its passkey when it has one (assigned on its
// security credentials page, security.go). Its console actions are calls by the account's
// root principal, which may do everything in its account (as on AWS).

// rootSignInForm is what the root sign-in page shows back after a failure (never the password).
type rootSignInForm struct {
	Email string
}

const msgRootIncorrect = "Your email address, account ID or password is incorrect. Please try again."

func (c *Console) rootSignInPage(w http.ResponseWriter, r *http.Request) {
	if s := c.current(r); s != nil && s.stage == stageIn {
		redirect(w, r, "/")
		return
	}
	c.render(w, r, http.StatusOK, "signin-root", &view{Title: "Sign in as the root user", Data: rootSignInForm{}})
}

// rootSignIn checks the root password: then the MFA step if the root user has a device, else a
// session as the root principal.
func (c *Console) rootSignIn(w http.ResponseWriter, r *http.Request) {
	form := rootSignInForm{Email: strings.TrimSpace(r.PostForm.Get("email"))}
	v := &view{Title: "Sign in as the root user", Data: form}
	ctx := r.Context()
	account, err := c.rootAccount(r, form.Email)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	key := rootLockKey(account)
	attempt, err := c.attempt(ctx, account, "")
	if err != nil {
		c.internal(w, r, err)
		return
	}
	attempt = audit.SignIn{AccountID: attempt.AccountID, Root: true}
	if c.lockedOut(w, r, key, "signin-root", v, attempt) {
		return
	}
	in, err := c.cfg.IAM.SignInRoot(ctx, form.Email, r.PostForm.Get("password"))
	switch {
	case errors.Is(err, credentials.ErrSignInFailed):
		c.failure(w, r, key, "signin-root", v, msgRootIncorrect, attempt)
		return
	case err != nil:
		c.internal(w, r, err)
		return
	}
	s := &session{account: in.Account.ID, accountInput: form.Email, root: true,
		user: store.User{AccountID: in.Account.ID, Name: "root", ARN: arn.Root(in.Account.ID)}}
	pu, err := c.loadPasskeys(ctx, s.account, s.user)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if len(pu.devices) > 0 { // a one-time code or a passkey
		s.stage = stageMFA
		c.startPending(w, r, s, "/signin/mfa")
		return
	}
	c.afterSecondFactor(w, r, s)
}

// rootAccount resolves what the root user typed to the account whose lockout counter it
// counts against: an account ID as it is, an email address to its account, an unknown address
// to itself (so guessing addresses locks them out too).
func (c *Console) rootAccount(r *http.Request, who string) (string, error) {
	if arn.IsAccountID(who) {
		return who, nil
	}
	id := "email:" + strings.ToLower(who)
	err := c.cfg.Node.Store.View(r.Context(), func(tx store.Tx) error {
		a, err := tx.Accounts().GetByEmail(r.Context(), who)
		if err == nil {
			id = a.ID
		}
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	return id, err
}

// rootLockKey is the lockout counter of an account's root user ("(root)" is no IAM user's name:
// names have no parentheses).
func rootLockKey(account string) string { return lockKeyFor(account, "(root)") }

// rootCaller is the signed-in root user as a caller: a console session of the account's root
// principal.
func (c *Console) rootCaller(s *session) *callctx.Caller {
	return &callctx.Caller{Kind: callctx.KindRoot, AccountID: s.account, ARN: arn.Root(s.account),
		UniqueID: s.account, Temporary: true, TokenIssued: s.created, MFA: s.mfa, MFATime: s.mfaTime}
}
