package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/metrics"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

const (
	// MaxBodyBytes caps a request body. The largest legitimate query request is an IAM policy
	// document (131,072 characters in the model, URL-encoded up to three bytes each) plus its
	// other parameters: 1 MiB leaves room and bounds memory per request.
	MaxBodyBytes = 1 << 20
	// maxLoggedAction bounds the Action value copied into the log line (it comes from the client).
	maxLoggedAction = 64
	// HealthPath answers 200 "ok" once the server is ready, without authentication.
	HealthPath = "/healthz"
)

// Config is what the handler needs.
type Config struct {
	// Node authenticates requests (Node.Authn) and records key and role use (Node.Usage).
	Node *node.Node
	// The services, each its generated wire package's Handlers (the service's Handlers field, its
	// operations table bound to it). A nil one, or a nil field of one, answers NotImplemented.
	IAM            *iamwire.Handlers
	STS            *stswire.Handlers
	Organizations  *orgwire.Handlers
	CloudTrail     *cloudtrailwire.Handlers
	AccessAnalyzer *analyzerwire.Handlers
	RolesAnywhere  *rolesanywherewire.Handlers
	// Extras are hand-described operations served beside a JSON service's model operations (Roles
	// Anywhere's CreateSession).
	Extras []Extra
	// Logger receives one line per request; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock signatures are checked against; nil means time.Now.
	Now func() time.Time
	// Trail records every call; nil means Node.Trail (none when that is nil too).
	Trail *audit.Trail
	// Metrics counts requests, decisions and authentication failures, and is served at
	// metrics.Path; nil counts nothing.
	Metrics *metrics.Metrics
}

// Handler serves IAM and STS (awsQuery), Organizations and CloudTrail (awsJson1_1), Access Analyzer and
// Roles Anywhere (restJson1).
type Handler struct {
	authn   *authn.Authenticator
	usage   *usage.Tracker
	trail   *audit.Trail
	metrics *metrics.Metrics
	// operations are the modelled operations of each service by signing name: the metrics'
	// operation label is one of them or "unknown", never unchecked client input.
	operations map[string]map[string]bool
	log        *slog.Logger
	now        func() time.Time
	verifier   *sigv4.Verifier
	services   map[string]service
	// unsigned are the extra operations that authenticate themselves, matched before SigV4.
	unsigned []Extra
	bufs     sync.Pool
}

// service is one routable service, by its SigV4 signing name: a query-protocol dispatcher and error
// renderer, or a JSON-protocol one (json.go).
type service struct {
	dispatch    func(ctx context.Context, params url.Values, requestID string, dst []byte) ([]byte, error)
	appendError func(dst []byte, err error, requestID string) []byte
	json        *jsonService
}

// New returns the handler.
func New(cfg Config) *Handler {
	h := &Handler{authn: cfg.Node.Authn, usage: cfg.Node.Usage, log: cfg.Logger, now: cfg.Now, trail: cfg.Trail,
		metrics: cfg.Metrics, operations: operationSets(cfg.Extras)}
	if h.trail == nil {
		h.trail = cfg.Node.Trail
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	// Every service served here signs its body: the payload hash is always the body's, never an
	// X-Amz-Content-Sha256 of UNSIGNED-PAYLOAD (see sigv4.Verifier.BodyHashOnly for AWS's rule).
	h.verifier = &sigv4.Verifier{Now: h.now, Cache: sigv4.NewKeyCache(0), BodyHashOnly: true}
	h.services = map[string]service{
		iamwire.Service.SigningName: {
			dispatch: func(ctx context.Context, p url.Values, id string, dst []byte) ([]byte, error) {
				return iamwire.Dispatch(ctx, cfg.IAM, p, id, dst)
			},
			appendError: iamwire.AppendError,
		},
		stswire.Service.SigningName: {
			dispatch: func(ctx context.Context, p url.Values, id string, dst []byte) ([]byte, error) {
				return stswire.Dispatch(ctx, cfg.STS, p, id, dst)
			},
			appendError: stswire.AppendError,
		},
	}
	h.addJSONServices(cfg)
	h.bufs.New = func() any { b := make([]byte, 0, 4096); return &b }
	return h
}

// unsignedActions are the STS operations AWS serves without authentication, because the caller
// proves who it is with a token in the request instead: "Calling AssumeRoleWithWebIdentity does
// not require the use of AWS security credentials" (STS API Reference, AssumeRoleWithWebIdentity;
// likewise AssumeRoleWithSAML), and botocore's STS model marks both "authtype": "none". AWS does
// not check a signature such a request happens to carry (aws/aws-sdk-java#2010: the call succeeds
// signed with made-up credentials), so neither does Gatehouse. They reach the STS handler with no
// authenticated call in the context: the handler must not look for a caller.
var unsignedActions = map[string]bool{
	"AssumeRoleWithWebIdentity": true,
	"AssumeRoleWithSAML":        true,
}

// exchange is one request's state, for the log line.
type exchange struct {
	requestID string
	service   string
	action    string
	caller    string
	keyID     string
	status    int
	code      string
	cause     error
	// proto is the protocol the client speaks when it is not awsQuery (errors are rendered in it).
	proto string
	// scope is the service the request's credential scope names, known or not.
	scope string
	// message is the error's message, for the audit record.
	message string
	// The authenticated call, its region, and the request's parameters or JSON body, for the
	// audit record (audit.go).
	call   *callctx.Call
	region string
	params url.Values
	body   []byte
	entry  *audit.Entry
	// authFailed: authentication refused the request.
	authFailed bool
	// callBuf and callerBuf hold the authenticated call and a long-term key's caller (call
	// points to them), in the exchange's own allocation.
	callBuf   callctx.Call
	callerBuf callctx.Caller
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == HealthPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok"))
		return
	}
	if r.URL.Path == metrics.Path && r.Method == http.MethodGet && h.metrics != nil {
		h.metrics.Handler().ServeHTTP(w, r)
		return
	}
	start := h.now()
	x := &exchange{requestID: newRequestID(), status: http.StatusOK}
	w.Header()[headerRequestID] = []string{x.requestID}
	r = h.beginAudit(r, x, start)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			x.cause = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			h.writeError(w, x, awserr.Internal(x.cause))
		}
		h.logRequest(r, x, start)
		h.finishAudit(r, x)
		h.count(x, start)
	}()

	body, err := readBody(w, r)
	if !isQuery(r) {
		x.proto, x.scope = clientProtocol(r), credentialScope(r)
		if err != nil {
			h.writeError(w, x, err)
			return
		}
		h.serveJSON(w, r, body, x)
		return
	}
	if err != nil {
		h.writeError(w, x, err)
		return
	}
	params, err := parameters(r, body)
	if err != nil {
		h.writeError(w, x, err)
		return
	}
	x.action, x.params = params.Get("Action"), params
	ctx, svc, err := h.authenticate(r, body, params, x)
	if err != nil {
		h.writeError(w, x, err)
		return
	}
	if svc.json != nil { // a form sent to a JSON service: it answers in its own protocol
		x.proto = svc.json.protocol
		h.dispatchJSON(ctx, w, r, body, svc.json, x)
		return
	}
	h.serveQuery(ctx, w, r, svc, params, x)
}

// serveQuery dispatches an authenticated awsQuery request and writes its XML response.
func (h *Handler) serveQuery(ctx context.Context, w http.ResponseWriter, r *http.Request, svc service, params url.Values, x *exchange) {
	bp := h.bufs.Get().(*[]byte)
	defer h.bufs.Put(bp)
	h.noteAudit(r, x)
	out, err := svc.dispatch(ctx, params, x.requestID, (*bp)[:0])
	if err != nil {
		h.writeError(w, x, err)
		return
	}
	*bp = out
	x.keepResponse(out, true)
	setBodyHeaders(w.Header(), textXML, len(out))
	w.WriteHeader(http.StatusOK)
	w.Write(out)
}

// authenticate verifies the request's signature and returns the context carrying the call and
// the service the request is for. A refusal is an authentication failure (metrics), except for a
// service not served here.
func (h *Handler) authenticate(r *http.Request, body []byte, params url.Values, x *exchange) (context.Context, service, error) {
	ctx, svc, err := h.verify(r, body, params, x)
	x.authFailed = err != nil && !awserr.Is(err, codeNotServed)
	return ctx, svc, err
}

func (h *Handler) verify(r *http.Request, body []byte, params url.Values, x *exchange) (context.Context, service, error) {
	a, err := h.verifier.Parse(r, "")
	if unsignedActions[x.action] && (err != nil || a.Scope.Service == stswire.Service.SigningName) {
		// Signed or not (and however badly), an unauthenticated STS operation: no caller.
		x.service = stswire.Service.SigningName
		return r.Context(), h.services[x.service], nil
	}
	if err != nil {
		return nil, service{}, err
	}
	if foreignPartition(a.Scope.Region) {
		// Credentials exist in one partition only: a request signed for a region of another
		// one (China, GovCloud, the isolated regions) is refused as AWS refuses a key it does
		// not know there.
		return nil, service{}, sigv4.InvalidClientTokenID()
	}
	x.keyID = a.AccessKeyID
	x.scope = a.Scope.Service
	svc, ok := h.services[a.Scope.Service]
	if !ok {
		return nil, service{}, errNotServed(a.Scope.Service)
	}
	x.service = a.Scope.Service
	secret, caller, err := h.lookup(r.Context(), a, &x.callerBuf)
	if errors.Is(err, authn.ErrUnknownKey) {
		return nil, service{}, sigv4.InvalidClientTokenID()
	}
	if errors.Is(err, authn.ErrExpiredToken) {
		return nil, service{}, errExpiredToken()
	}
	if err != nil {
		return nil, service{}, err
	}
	if err := h.verifier.Verify(r, body, a, secret); err != nil {
		return nil, service{}, err
	}
	if !authn.MayCallService(caller, a.Scope.Service) {
		return nil, service{}, sigv4.InvalidClientTokenID()
	}
	x.caller, x.region = caller.ARN, a.Scope.Region
	switch {
	case !caller.Temporary:
		h.usage.RecordKeyUse(a.AccessKeyID, a.Scope.Service, a.Scope.Region)
	case caller.Kind == callctx.KindRoleSession:
		h.usage.RecordRoleUse(caller.RoleID, a.Scope.Region)
	}
	x.callBuf = callctx.Call{Caller: caller, Service: a.Scope.Service, Region: a.Scope.Region, SourceIP: sourceIP(r),
		UserAgent: r.UserAgent(), Secure: r.TLS != nil}
	x.call = &x.callBuf
	return callctx.With(r.Context(), x.call), svc, nil
}

// lookup finds the secret and caller of the request's access key: a long-term key in the
// authenticator's cache or store (its caller written into dst), or temporary (ASIA…)
// credentials from their session token, which is self-contained. A long-term key presented with
// a session token is refused, as AWS refuses it.
func (h *Handler) lookup(ctx context.Context, a *sigv4.Auth, dst *callctx.Caller) ([]byte, *callctx.Caller, error) {
	if strings.HasPrefix(a.AccessKeyID, arn.PrefixTemporaryAccessKey) {
		if a.SecurityToken == "" {
			return nil, nil, authn.ErrUnknownKey
		}
		return h.authn.LookupSession(ctx, a.AccessKeyID, a.SecurityToken)
	}
	if a.SecurityToken != "" {
		return nil, nil, authn.ErrUnknownKey
	}
	secret, err := h.authn.LookupInto(ctx, a.AccessKeyID, dst)
	if err != nil {
		return nil, nil, err
	}
	return secret, dst, nil
}

// errExpiredToken is AWS's answer for temporary credentials past their expiry.
func errExpiredToken() *sigv4.Error {
	return &sigv4.Error{Code: "ExpiredToken", Status: http.StatusForbidden,
		Message: "The security token included in the request is expired"}
}

// readBody reads the whole body, refusing more than MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, errTooLarge()
	}
	var body []byte
	var err error
	if n := r.ContentLength; n > 0 {
		// The length is known and within bounds: one allocation of it, not ReadAll's growth.
		body = make([]byte, n)
		_, err = io.ReadFull(r.Body, body)
	} else {
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errTooLarge()
	}
	if isTimeout(err) {
		// The server's read timeout passed with the body still arriving (a slowloris client,
		// say): answer as S3 answers a connection that stopped sending, and close it.
		w.Header().Set("Connection", "close")
		return nil, awserr.New("RequestTimeout", http.StatusBadRequest,
			"Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.")
	}
	if err != nil {
		return nil, awserr.New("IncompleteBody", http.StatusBadRequest, "The request body could not be read.")
	}
	return body, nil
}

// isTimeout reports a read that failed because the connection's read deadline passed.
func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

func errTooLarge() *awserr.Error {
	return awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge,
		"Request body must be no larger than %d bytes.", MaxBodyBytes)
}

// parameters merges the query string and a form body into one set of parameters, as the
// query protocol allows both (GET with a query string, POST with a form).
func parameters(r *http.Request, body []byte) (url.Values, error) {
	if len(body) == 0 || r.URL.RawQuery != "" {
		return mergedParameters(r, body)
	}
	if err := checkForm(r); err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(bytes.TrimSpace(body)))
	if err != nil {
		return nil, errMalformedForm()
	}
	return form, nil
}

// mergedParameters is parameters for a request with a query string (or no body).
func mergedParameters(r *http.Request, body []byte) (url.Values, error) {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, awserr.New("MalformedQueryString", http.StatusBadRequest, "The query string is not well formed.")
	}
	if len(body) == 0 {
		return params, nil
	}
	if err := checkForm(r); err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(bytes.TrimSpace(body)))
	if err != nil {
		return nil, errMalformedForm()
	}
	for k, vs := range form {
		params[k] = append(params[k], vs...)
	}
	return params, nil
}

// checkForm refuses a body that is not a form.
func checkForm(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !hasFoldPrefix(ct, "application/x-www-form-urlencoded") {
		return awserr.New("UnsupportedMediaType", http.StatusUnsupportedMediaType,
			"The request body must be application/x-www-form-urlencoded.")
	}
	return nil
}

func errMalformedForm() error {
	return awserr.New("MalformedQueryString", http.StatusBadRequest, "The request body is not a well-formed form.")
}

// hasFoldPrefix is strings.HasPrefix(strings.ToLower(s), prefix) for a lower-case ASCII prefix,
// without lower-casing a copy of s.
func hasFoldPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// writeError renders err once, in the format of the request's service (IAM's when unknown).
func (h *Handler) writeError(w http.ResponseWriter, x *exchange, err error) {
	var e *awserr.Error
	var se *sigv4.Error
	switch {
	case errors.As(err, &se):
		e = &awserr.Error{Code: se.Code, Status: se.Status, Message: se.Message, Fault: awserr.Sender}
	case errors.Is(err, store.ErrUnavailable):
		// Whatever the service made of it: the database is out of reach, retry later.
		e = awserr.ServiceUnavailable(err)
	default:
		e = awserr.As(err)
	}
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	x.status, x.code, x.message = e.Status, e.Code, e.Message
	if e.Cause != nil && x.cause == nil {
		x.cause = e.Cause
	}
	if x.proto != "" && h.services[x.scope].dispatch == nil { // not a query service's request
		h.writeJSONError(w, x, e)
		return
	}
	svc, ok := h.services[x.service]
	if !ok {
		svc = h.services[iamwire.Service.SigningName]
	}
	bp := h.bufs.Get().(*[]byte)
	defer h.bufs.Put(bp)
	out := svc.appendError((*bp)[:0], e, x.requestID)
	*bp = out
	setBodyHeaders(w.Header(), textXML, len(out))
	w.WriteHeader(e.Status)
	w.Write(out)
}

// headerRequestID is x-amzn-RequestId in the canonical form http.Header.Set would give it, so
// that the handler can assign it without canonicalizing a copy on every request.
const headerRequestID = "X-Amzn-Requestid"

// textXML is the awsQuery responses' Content-Type value. One slice serves every response:
// net/http copies a handler's header values when it writes them and never modifies them.
var textXML = []string{"text/xml"}

// setBodyHeaders sets the Content-Type and Content-Length of a response body of n bytes.
func setBodyHeaders(h http.Header, contentType []string, n int) {
	h["Content-Type"] = contentType
	h["Content-Length"] = []string{strconv.Itoa(n)}
}

// logRequest writes the request's one log line. It never holds a secret, a token, a
// signature or a body: only what identifies the request and its outcome.
func (h *Handler) logRequest(r *http.Request, x *exchange, start time.Time) {
	level := slog.LevelInfo
	if x.status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	if !h.log.Enabled(r.Context(), level) {
		return
	}
	action := x.action
	if len(action) > maxLoggedAction {
		action = action[:maxLoggedAction]
	}
	attrs := []slog.Attr{
		slog.String("request_id", x.requestID),
		slog.String("method", r.Method),
		slog.String("service", x.service),
		slog.String("action", action),
		slog.String("caller", x.caller),
		slog.String("access_key_id", x.keyID),
		slog.Int("status", x.status),
		slog.String("error", x.code),
		slog.Duration("duration", h.now().Sub(start)),
	}
	if x.cause != nil {
		attrs = append(attrs, slog.String("cause", x.cause.Error()))
	}
	h.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// sourceIP is the client's address (aws:SourceIp): the connection's peer.
func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// newRequestID returns a random UUID (version 4), the form AWS request IDs take.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
