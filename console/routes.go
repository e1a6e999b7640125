package console

import (
	"context"
	"net"
	"net/http"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// maxForm bounds a form body (a policy document is at most 131,072 characters).
const maxForm = 1 << 20

func (c *Console) routes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/static/", staticHandler())
	m.HandleFunc("GET "+Prefix+"/{$}", c.home)
	m.HandleFunc("GET "+Prefix, func(w http.ResponseWriter, r *http.Request) { redirect(w, r, "/") })
	m.HandleFunc("GET "+Prefix+"/signin", c.signInPage)
	m.HandleFunc("POST "+Prefix+"/signin", c.checked(c.signIn))
	m.HandleFunc("GET "+Prefix+"/signin/root", c.rootSignInPage)
	m.HandleFunc("POST "+Prefix+"/signin/root", c.checked(c.rootSignIn))
	m.HandleFunc("GET "+Prefix+"/signin/mfa", c.mfaPage)
	m.HandleFunc("POST "+Prefix+"/signin/mfa", c.checked(c.mfaSubmit))
	m.HandleFunc("GET "+Prefix+"/signin/password", c.changePage)
	m.HandleFunc("POST "+Prefix+"/signin/password", c.checked(c.changeSubmit))
	m.HandleFunc("POST "+Prefix+"/signin/passkey/options", c.checked(c.passkeyLoginOptions))
	m.HandleFunc("POST "+Prefix+"/signin/passkey", c.checked(c.passkeyLogin))
	m.HandleFunc("POST "+Prefix+"/passkeys/options", c.signedIn(c.passkeyRegisterOptions))
	m.HandleFunc("POST "+Prefix+"/passkeys", c.signedIn(c.passkeyRegister))
	m.HandleFunc("POST "+Prefix+"/signout", c.checked(c.signOut))
	c.manageRoutes()
}

// checked refuses a state change whose form lacks this browser's CSRF token.
func (c *Console) checked(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			c.refuse(w, r, http.StatusBadRequest, "The form could not be read.")
			return
		}
		key, err := c.csrf.get(r.Context())
		if err != nil {
			c.internal(w, r, err)
			return
		}
		if !key.valid(cookie(r), r.PostForm.Get("csrf")) {
			c.log.Warn("console: request without a valid CSRF token refused", "path", r.URL.Path)
			c.refuse(w, r, http.StatusForbidden, "This form has expired or did not come from this console. Reload the page and try again.")
			return
		}
		h(w, r)
	}
}

// signedIn runs h for a signed-in session; anyone else is sent to sign in. State changes
// (anything but GET) are CSRF-checked first.
func (c *Console) signedIn(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	inner := func(w http.ResponseWriter, r *http.Request) {
		s := c.current(r)
		if s == nil || s.stage != stageIn {
			if r.Method == http.MethodGet {
				redirect(w, r, pendingStep(s))
				return
			}
			c.refuse(w, r, http.StatusUnauthorized, "Your session has ended. Sign in again.")
			return
		}
		h(w, r, s)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			inner(w, r)
			return
		}
		c.checked(inner)(w, r)
	}
}

// pendingStep is where a browser that is not signed in goes: the step its sign-in is at.
func pendingStep(s *session) string {
	switch {
	case s == nil:
		return "/signin"
	case s.stage == stageMFA:
		return "/signin/mfa"
	case s.stage == stageChange:
		return "/signin/password"
	}
	return "/signin"
}

// current is the request's live session, nil when it has none.
func (c *Console) current(r *http.Request) *session {
	id := cookie(r)
	if id == "" {
		return nil
	}
	s, err := c.sessions.get(r.Context(), id)
	if err != nil {
		// The store could not be read: the browser is treated as signed out (and sent to sign in).
		c.log.Error("console: reading a session", "err", err)
		return nil
	}
	return s
}

// csrfFor returns the CSRF token of the request's cookie, giving the browser a cookie (a random
// ID that names no session) when it has none.
func (c *Console) csrfFor(w http.ResponseWriter, r *http.Request) (string, error) {
	key, err := c.csrf.get(r.Context())
	if err != nil {
		return "", err
	}
	v := cookie(r)
	if v == "" {
		v = newID()
		setCookie(w, r, v)
	}
	return key.token(v), nil
}

// callContext is the context of an API call by the session's principal, as the API's front door
// builds it for a signed request.
func (c *Console) callContext(r *http.Request, s *session) context.Context {
	return callctx.With(r.Context(), callctxOf(c, r, s))
}

// callctxOf is the call the session's principal makes with this request.
func callctxOf(c *Console, r *http.Request, s *session) *callctx.Call {
	return &callctx.Call{Caller: s.caller, Service: "iam", Region: c.cfg.Region, SourceIP: remoteIP(r),
		UserAgent: r.UserAgent(), Secure: r.TLS != nil}
}

// invoke runs one IAM operation as the session's principal: the parameters are decoded and
// validated by the API's own decoder (so bad input gets the API's ValidationError), and the
// operation is the service's, authorized exactly as for a signed request.
func (c *Console) invoke(r *http.Request, s *session, action string, params url.Values) (any, error) {
	return c.invokeBuilt(r, s, action, params, nil)
}

// invokeBuilt is invoke with the input the console built when built is not nil, for the one call
// the API's decoder refuses but the console makes: the root user enabling its own MFA device
// (AWS's model requires a UserName root does not have; AWS does it in its console). params are
// still what the trail records.
func (c *Console) invokeBuilt(r *http.Request, s *session, action string, params url.Values, built any) (any, error) {
	if params == nil {
		params = url.Values{}
	}
	params.Set("Action", action)
	params.Set("Version", iamwire.Service.APIVersion)
	a := &apiCall{service: "iam", action: action, query: params}
	ctx := c.begin(r, s, a)
	op, err := iamwire.Resolve(params)
	if err != nil {
		a.finish(err, nil)
		return nil, err
	}
	in := built
	if in == nil {
		in, err = op.Decode(params)
	}
	if err != nil {
		a.finish(err, nil)
		return nil, err
	}
	out, err := op.Call(ctx, c.cfg.IAM.Handlers, in)
	a.finish(err, func() []byte { return op.Encode(nil, out, a.entry.RequestID) })
	if err != nil && apiError(err) == nil {
		return nil, awserr.Internal(err)
	}
	return out, err
}

// call is invoke with the output's type.
func call[O any](c *Console, r *http.Request, s *session, action string, params url.Values) (*O, error) {
	out, err := c.invoke(r, s, action, params)
	if err != nil {
		return nil, err
	}
	return out.(*O), nil
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
