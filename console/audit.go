package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
)

// The console's audit records: a console action is an API call by the signed-in principal, so
// it leaves the record the same call through the API would (the node's audit trail, when it
// keeps one): the caller's identity, the parameters, the outcome, the authorizer's decisions
// with their reasons, and for a write its response (secrets hidden by the trail). Sign-in
// attempts are ConsoleLogin events, as AWS records them.

// apiCall is one audited API call by the session's principal.
type apiCall struct {
	service, action string
	query           url.Values // awsQuery parameters (IAM), or
	body            []byte     // a JSON request's body
	entry           *audit.Entry
}

// begin starts the call's record; the context it returns carries the caller, the authorizer's
// trace and the pending event a write transaction records.
func (c *Console) begin(r *http.Request, s *session, a *apiCall) context.Context {
	call := callctxOf(c, r, s)
	call.Service = a.service
	ctx, e := c.cfg.Node.Trail.Begin(callctx.With(r.Context(), call), newID(), c.now())
	if e != nil {
		e.Service, e.Action, e.Region, e.Call = a.service, a.action, c.cfg.Region, call
		e.Query, e.Body = a.query, a.body
		e.SourceIP, e.UserAgent, e.Host, e.TLS = remoteIP(r), r.UserAgent(), r.Host, r.TLS
	}
	a.entry = e
	return ctx
}

// finish completes the call's record with its outcome; encode gives a successful write's
// response as the API would answer it (awsQuery XML).
func (a *apiCall) finish(err error, encode func() []byte) {
	e := a.entry
	if e == nil {
		return
	}
	switch ae := apiError(err); {
	case ae != nil:
		e.ErrorCode, e.ErrorMessage = ae.Code, ae.Message
	case err != nil:
		e.ErrorCode, e.ErrorMessage = "InternalFailure", "An internal error occurred."
	case encode != nil && e.WantsResponse():
		e.Response, e.ResponseXML = encode(), true
	}
	e.Finish()
}

// signInEvent records a sign-in attempt as a ConsoleLogin event.
func (c *Console) signInEvent(r *http.Request, ev audit.SignIn) {
	ev.Time, ev.SourceIP, ev.UserAgent = c.now(), remoteIP(r), r.UserAgent()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	ev.LoginTo = scheme + "://" + r.Host + Prefix + "/"
	c.cfg.Node.Trail.ConsoleLogin(ev)
}

// sessionSignIn is the ConsoleLogin event of s's sign-in.
func sessionSignIn(s *session) audit.SignIn {
	if s.root {
		return audit.SignIn{AccountID: s.account, Root: true, MFAUsed: s.mfa}
	}
	return audit.SignIn{AccountID: s.account, UserName: s.user.Name, UserID: s.user.ID, ARN: s.user.ARN, MFAUsed: s.mfa}
}

// attempt is the ConsoleLogin event of a sign-in attempt with a user name ("" for root): the
// user when it exists, its name hidden when it does not (people type passwords there); no
// account when the account does not exist (its trail is nobody's, and the trail drops it).
func (c *Console) attempt(ctx context.Context, account, name string) (audit.SignIn, error) {
	ev := audit.SignIn{UserName: audit.HiddenUserName}
	err := c.cfg.Node.Store.View(ctx, func(tx store.Tx) error {
		if _, err := tx.Accounts().Get(ctx, account); err != nil {
			return ignoreNotFound(err)
		}
		ev.AccountID = account
		if name == "" {
			return nil // root
		}
		u, err := tx.Users().Get(ctx, account, name)
		if err != nil {
			return ignoreNotFound(err)
		}
		ev.UserName, ev.UserID, ev.ARN = u.Name, u.ID, u.ARN
		return nil
	})
	return ev, err
}

func ignoreNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// jsonOp is an operation of a JSON-protocol service (CloudTrail, Organizations) as the console
// calls it: its generated decoder and its handler.
type jsonOp struct {
	service, action, target string
	decode                  func(r *jsonproto.Request, labels []string) (any, error)
	call                    func(ctx context.Context, in any) (any, error)
}

// jsonCall runs a JSON-protocol operation as the session's principal: body is decoded and
// validated by the API's decoder, the call authorized and audited as a signed request's.
func (c *Console) jsonCall(r *http.Request, s *session, op jsonOp, body []byte) (any, error) {
	a := &apiCall{service: op.service, action: op.action, body: body}
	ctx := c.begin(r, s, a)
	in, err := op.decode(&jsonproto.Request{Method: http.MethodPost, Path: "/", Body: body,
		Header: map[string][]string{"X-Amz-Target": {op.target + "." + op.action}}}, nil)
	if err != nil {
		a.finish(err, nil)
		return nil, err
	}
	out, err := op.call(ctx, in)
	a.finish(err, nil)
	return out, err
}
