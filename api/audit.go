package api

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

// The audit hook: every request gets an audit entry (h.trail.Begin) whose context carries the
// authorizer's trace and the pending event a write transaction records; the entry learns the
// call before the service runs (noteAudit, so a write's transaction records who did what) and
// the outcome once the response is written (finishAudit).

// beginAudit starts the request's audit entry and returns the request carrying its context and
// request ID.
func (h *Handler) beginAudit(r *http.Request, x *exchange, start time.Time) *http.Request {
	ctx := context.WithValue(r.Context(), requestIDKey{}, x.requestID)
	ctx, x.entry = h.trail.Begin(ctx, x.requestID, start)
	return r.WithContext(ctx)
}

type requestIDKey struct{}

// RequestID is the ID of the request whose context ctx is ("" outside a request), for log lines.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// noteAudit copies what is known of the request into its entry, before the service runs.
func (h *Handler) noteAudit(r *http.Request, x *exchange) {
	e := x.entry
	if e == nil {
		return
	}
	e.Service, e.Action, e.Region, e.Call = x.service, x.action, x.region, x.call
	if e.Service == "" {
		e.Service = x.scope
	}
	e.Query, e.Body = x.params, x.body
	e.SourceIP, e.UserAgent, e.Host, e.TLS = sourceIP(r), r.UserAgent(), r.Host, r.TLS
}

// keepResponse keeps a successful response for the record of a call that changes something or
// issues credentials.
func (x *exchange) keepResponse(body []byte, isXML bool) {
	if x.entry.WantsResponse() {
		x.entry.Response, x.entry.ResponseXML = bytes.Clone(body), isXML
	}
}

// finishAudit completes the request's record with its outcome.
func (h *Handler) finishAudit(r *http.Request, x *exchange) {
	e := x.entry
	if e == nil {
		return
	}
	h.noteAudit(r, x)
	e.ErrorCode, e.ErrorMessage = x.code, x.message
	e.Finish()
}
