package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/store"
)

// What the sign-in pages say. A failure never tells which of account, user or password was
// wrong (AWS's sign-in page words it the same way).
const (
	msgIncorrect = "Your authentication information is incorrect. Please try again."
	msgExpired   = "Your password has expired. Ask your administrator to set a new one."
	msgBadCode   = "The MFA code is incorrect. Please try again."
	msgMismatch  = "The new passwords do not match."
)

// signInForm is what the sign-in page shows back after a failure (never the password).
type signInForm struct {
	Account, Username string
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	s := c.current(r)
	if s == nil || s.stage != stageIn {
		redirect(w, r, pendingStep(s))
		return
	}
	c.dashboard(w, r, s)
}

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	if s := c.current(r); s != nil && s.stage == stageIn {
		redirect(w, r, "/")
		return
	}
	c.render(w, r, http.StatusOK, "signin", &view{Title: "Sign in",
		Data: signInForm{Account: r.URL.Query().Get("account")}})
}

// signIn checks an IAM user's password: then the MFA step if the user has a device, the forced
// change if the password must change, else a session.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	form := signInForm{Account: strings.TrimSpace(f.Get("account")), Username: strings.TrimSpace(f.Get("username"))}
	v := &view{Title: "Sign in", Data: form}
	ctx := r.Context()
	account, err := c.accountID(ctx, form.Account)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	key := lockKeyFor(account, form.Username)
	attempt, err := c.attempt(ctx, account, form.Username)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if c.lockedOut(w, r, key, "signin", v, attempt) {
		return
	}
	in, err := c.cfg.IAM.SignIn(ctx, form.Account, form.Username, f.Get("password"))
	switch {
	case errors.Is(err, credentials.ErrSignInFailed):
		c.failure(w, r, key, "signin", v, msgIncorrect, attempt)
		return
	case errors.Is(err, credentials.ErrPasswordExpired):
		v.Error = msgExpired
		c.render(w, r, http.StatusForbidden, "signin", v)
		return
	case err != nil:
		c.internal(w, r, err)
		return
	}
	s := &session{account: in.User.AccountID, accountInput: form.Account, user: in.User, mustChange: in.MustChangePassword}
	pu, err := c.loadPasskeys(ctx, s.account, s.user)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if len(pu.devices) > 0 {
		s.stage = stageMFA
		c.startPending(w, r, s, "/signin/mfa")
		return
	}
	c.afterSecondFactor(w, r, s)
}

// afterSecondFactor goes on once the password (and MFA, if any) passed: to the forced change,
// or into the console.
func (c *Console) afterSecondFactor(w http.ResponseWriter, r *http.Request, prev *session) {
	next := *prev // a new record under a new ID: requests still holding prev never see it change
	s := &next
	if s.mustChange {
		s.stage = stageChange
		c.startPending(w, r, s, "/signin/password")
		return
	}
	if err := c.locks.succeed(r.Context(), s.lockKey()); err != nil {
		c.internal(w, r, err)
		return
	}
	ev := sessionSignIn(s)
	ev.Success = true
	c.signInEvent(r, ev)
	s.stage = stageIn
	if !c.replaceSession(w, r, s) {
		return
	}
	c.log.Info("console: signed in", "principal", s.caller.ARN, "mfa", s.mfa, "source", remoteIP(r))
	redirect(w, r, "/")
}

// startPending stores a session that is not yet signed in and sends the browser to its step.
func (c *Console) startPending(w http.ResponseWriter, r *http.Request, s *session, step string) {
	if c.replaceSession(w, r, s) {
		redirect(w, r, step)
	}
}

// replaceSession starts s under a new ID, ending the session the browser had; false (after
// answering) when the store failed.
func (c *Console) replaceSession(w http.ResponseWriter, r *http.Request, s *session) bool {
	ctx := r.Context()
	for _, id := range []string{cookie(r), s.id} {
		if id == "" {
			continue
		}
		if err := c.sessions.end(ctx, id); err != nil {
			c.internal(w, r, err)
			return false
		}
	}
	if err := c.sessions.start(ctx, s); err != nil {
		c.internal(w, r, err)
		return false
	}
	setCookie(w, r, s.id)
	return true
}

// callerOf is a signed-in session's principal: the user's or the root user's.
func (c *Console) callerOf(s *session) *callctx.Caller {
	if s.root {
		return c.rootCaller(s)
	}
	return c.userCaller(s)
}

// userCaller is the signed-in user as a caller: a console session (temporary credentials, so
// aws:MultiFactorAuthPresent and aws:TokenIssueTime are in the request context as AWS sets
// them for console sessions).
func (c *Console) userCaller(s *session) *callctx.Caller {
	return &callctx.Caller{Kind: callctx.KindUser, AccountID: s.account, ARN: s.user.ARN, UniqueID: s.user.ID,
		UserID: s.user.ID, UserName: s.user.Name, Temporary: true, TokenIssued: s.created, MFA: s.mfa,
		MFATime: s.mfaTime}
}

// lockedOut answers a refused attempt while key is locked.
func (c *Console) lockedOut(w http.ResponseWriter, r *http.Request, key, page string, v *view, ev audit.SignIn) bool {
	d, err := c.refusedLocked(r, key, ev)
	if err != nil {
		c.internal(w, r, err)
		return true
	}
	if d <= 0 {
		return false
	}
	v.Error = fmt.Sprintf("Too many failed sign-in attempts. Try again in %s.", roundUp(d))
	w.Header().Set("Retry-After", fmt.Sprint(int(d.Seconds()+0.999)))
	c.render(w, r, http.StatusTooManyRequests, page, v)
	return true
}

// failure counts a failed attempt, records it (and a lockout when one begins), and shows msg.
func (c *Console) failure(w http.ResponseWriter, r *http.Request, key, page string, v *view, msg string, ev audit.SignIn) {
	c.countFailure(r, key, ev)
	v.Error = msg
	c.render(w, r, http.StatusUnauthorized, page, v)
}

// refusedLocked reports how long key stays locked; an attempt refused meanwhile is logged and
// recorded as a failed ConsoleLogin. On an error (the counter could not be read) the caller
// refuses the attempt as an internal error: a store outage never lets guesses through.
func (c *Console) refusedLocked(r *http.Request, key string, ev audit.SignIn) (time.Duration, error) {
	d, err := c.locks.wait(r.Context(), key)
	if err != nil || d <= 0 {
		return 0, err
	}
	c.log.Warn("console: sign-in attempt refused during lockout", "user", key, "retryAfter", d.Round(time.Second),
		"source", remoteIP(r))
	ev.ErrorMessage = msgLockedOutEvent
	ev.Extra = map[string]any{"LockedOut": "Yes", "RetryAfterSeconds": int(d.Seconds() + 0.999)}
	c.signInEvent(r, ev)
	return d, nil
}

// countFailure counts a failed attempt against key, logs and records it, and when it begins a
// lockout, says so in the log and in the event.
func (c *Console) countFailure(r *http.Request, key string, ev audit.SignIn) {
	d, n, err := c.locks.fail(r.Context(), key)
	if err != nil {
		c.log.Error("console: counting a failed sign-in", "user", key, "err", err)
	}
	c.log.Info("console: sign-in failed", "user", key, "failures", n, "source", remoteIP(r))
	if d > 0 {
		c.log.Warn("console: sign-in locked out", "user", key, "failures", n, "for", d, "source", remoteIP(r))
		ev.Extra = map[string]any{"LockoutStarted": "Yes", "FailedAttempts": n, "LockoutSeconds": int(d.Seconds())}
	}
	c.signInEvent(r, ev)
}

// msgLockedOutEvent is the errorMessage of an attempt refused during a lockout.
const msgLockedOutEvent = "Failed authentication: too many failed attempts; sign-in is locked"

func roundUp(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(d.Seconds()+0.999))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()+0.999))
}

// accountID resolves what the user typed as the account: an ID as it is, an alias to its
// account's ID (so an alias and the ID count against one lockout), anything else as typed.
func (c *Console) accountID(ctx context.Context, account string) (string, error) {
	if arn.IsAccountID(account) || account == "" {
		return account, nil
	}
	var id string
	err := c.cfg.Node.Store.View(ctx, func(tx store.Tx) error {
		a, err := tx.Accounts().GetByAlias(ctx, strings.ToLower(account))
		if errors.Is(err, store.ErrNotFound) {
			id = "alias:" + strings.ToLower(account)
			return nil
		}
		id = a.ID
		return err
	})
	return id, err
}

// totpDevices are the user's enabled MFA devices that show one-time codes (every kind but
// passkeys).
func (c *Console) totpDevices(ctx context.Context, s *session) ([]store.MFADevice, error) {
	var out []store.MFADevice
	err := c.cfg.Node.Store.View(ctx, func(tx store.Tx) error {
		ds, _, err := tx.MFADevices().ForUser(ctx, s.account, s.user.ID, store.ListOptions{})
		for _, d := range ds {
			if d.Kind != store.MFAPasskey && len(d.SealedSeed) > 0 {
				out = append(out, d)
			}
		}
		return err
	})
	return out, err
}

// pending is the browser's session when its sign-in is at step st; otherwise it sends the
// browser where it belongs and returns nil.
func (c *Console) pending(w http.ResponseWriter, r *http.Request, st stage) *session {
	s := c.current(r)
	if s == nil || s.stage != st {
		if s != nil && s.stage == stageIn {
			redirect(w, r, "/")
		} else {
			redirect(w, r, pendingStep(s))
		}
		return nil
	}
	return s
}

func (c *Console) mfaPage(w http.ResponseWriter, r *http.Request) {
	s := c.pending(w, r, stageMFA)
	if s == nil {
		return
	}
	v, err := c.mfaView(r.Context(), s)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "mfa", v)
}

// mfaStep is what the MFA page offers: a code field when the user has a code device, a
// passkey button when it has a passkey.
type mfaStep struct {
	User           string
	Codes, Passkey bool
}

func (c *Console) mfaView(ctx context.Context, s *session) (*view, error) {
	pu, err := c.loadPasskeys(ctx, s.account, s.user)
	if err != nil {
		return nil, err
	}
	name := s.user.Name
	if s.root {
		name = "The root user"
	}
	step := &mfaStep{User: name, Passkey: len(pu.creds) > 0, Codes: len(pu.devices) > len(pu.creds)}
	return &view{Title: "Multi-factor authentication", Data: step}, nil
}

// mfaSubmit checks the one-time code against each of the user's TOTP devices.
func (c *Console) mfaSubmit(w http.ResponseWriter, r *http.Request) {
	s := c.pending(w, r, stageMFA)
	if s == nil {
		return
	}
	v, err := c.mfaView(r.Context(), s)
	if err != nil {
		c.internal(w, r, err)
		return
	}
	ev := sessionSignIn(s)
	ev.MFAUsed = true
	if c.lockedOut(w, r, s.lockKey(), "mfa", v, ev) {
		return
	}
	ok, err := c.checkCode(r.Context(), s, strings.TrimSpace(r.PostForm.Get("mfaCode")))
	if err != nil {
		c.internal(w, r, err)
		return
	}
	if !ok {
		c.failure(w, r, s.lockKey(), "mfa", v, msgBadCode, ev)
		return
	}
	next := *s
	next.mfa, next.mfaTime = true, c.now()
	c.afterSecondFactor(w, r, &next)
}

// checkCode reports whether code is the current code of one of the user's devices (and
// consumes it, so it works once).
func (c *Console) checkCode(ctx context.Context, s *session, code string) (bool, error) {
	devices, err := c.totpDevices(ctx, s)
	if err != nil {
		return false, err
	}
	for _, d := range devices {
		err := c.cfg.Node.Authn.VerifyMFA(ctx, s.account, s.holder(), d.SerialNumber, code)
		if err == nil {
			return true, nil
		}
		if apiError(err) == nil {
			return false, err
		}
	}
	return false, nil
}

func (c *Console) changePage(w http.ResponseWriter, r *http.Request) {
	s := c.pending(w, r, stageChange)
	if s == nil {
		return
	}
	c.render(w, r, http.StatusOK, "password", &view{Title: "Change your password", Data: s.user.Name})
}

// changeSubmit is the forced password change: the current password again, the new one twice,
// the account's password policy enforced by IAM.
func (c *Console) changeSubmit(w http.ResponseWriter, r *http.Request) {
	s := c.pending(w, r, stageChange)
	if s == nil {
		return
	}
	f := r.PostForm
	v := &view{Title: "Change your password", Data: s.user.Name}
	if c.lockedOut(w, r, s.lockKey(), "password", v, sessionSignIn(s)) {
		return
	}
	if f.Get("newPassword") != f.Get("confirmPassword") {
		v.Error = msgMismatch
		c.render(w, r, http.StatusBadRequest, "password", v)
		return
	}
	err := c.cfg.IAM.ChangePasswordAtSignIn(r.Context(), s.account, s.user.Name, f.Get("oldPassword"), f.Get("newPassword"))
	switch {
	case errors.Is(err, credentials.ErrSignInFailed):
		c.failure(w, r, s.lockKey(), "password", v, msgIncorrect, sessionSignIn(s))
		return
	case errors.Is(err, credentials.ErrPasswordExpired):
		v.Error = msgExpired
		c.render(w, r, http.StatusForbidden, "password", v)
		return
	case err != nil && !errors.Is(err, credentials.ErrChangeNotRequired):
		c.failed(w, r, "password", v, err)
		return
	}
	next := *s
	next.mustChange = false
	c.afterSecondFactor(w, r, &next)
}

// signOut ends the session.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	if s := c.current(r); s != nil {
		if err := c.sessions.end(r.Context(), s.id); err != nil {
			c.internal(w, r, err)
			return
		}
		if s.caller != nil {
			c.log.Info("console: signed out", "principal", s.caller.ARN)
		}
	}
	setCookie(w, r, newID())
	redirect(w, r, "/signin")
}
