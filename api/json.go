package api

import (
	"context"
	"encoding/xml"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Extra is a hand-described operation served beside a JSON service's model operations: Roles Anywhere's
// data-plane CreateSession (POST /sessions), which the rolesanywhere model lacks. Its jsonproto.Extra
// gives the route and the code; errors are rendered in the service's protocol.
type Extra struct {
	// Service is the signing name of the service it belongs to ("rolesanywhere").
	Service string
	// Unsigned operations authenticate the caller themselves (CreateSession verifies an X.509 signature):
	// they are matched by method and path before SigV4 and run with no authenticated call in the context.
	// Signed ones are matched after SigV4, before the service's model routes.
	Unsigned bool
	jsonproto.Extra
}

// jsonService is a routable awsJson1_1 or restJson1 service.
type jsonService struct {
	name     string // the service ID, for messages
	protocol string
	dispatch func(ctx context.Context, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error)
	// operation names the operation a request resolves to, for the log line ("" when none).
	operation func(r *jsonproto.Request) string
	errorDoc  func(err error, dst []byte) *jsonproto.Response
	extras    []Extra // signed extras
}

// addJSONServices registers the JSON-protocol services, each answering NotImplemented (a nil
// Handlers) until Config gives it its handlers.
func (h *Handler) addJSONServices(cfg Config) {
	org, ct, aa, ra := cfg.Organizations, cfg.CloudTrail, cfg.AccessAnalyzer, cfg.RolesAnywhere
	services := map[string]*jsonService{
		orgwire.Service.SigningName: {name: orgwire.Service.ID, protocol: orgwire.Service.Protocol,
			dispatch: func(ctx context.Context, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error) {
				return orgwire.Dispatch(ctx, org, r, dst)
			},
			operation: func(r *jsonproto.Request) string {
				if op, _, err := orgwire.Resolve(r); err == nil {
					return op.Name
				}
				return ""
			},
			errorDoc: orgwire.ErrorResponse},
		cloudtrailwire.Service.SigningName: {name: cloudtrailwire.Service.ID, protocol: cloudtrailwire.Service.Protocol,
			dispatch: func(ctx context.Context, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error) {
				return cloudtrailwire.Dispatch(ctx, ct, r, dst)
			},
			operation: func(r *jsonproto.Request) string {
				if op, _, err := cloudtrailwire.Resolve(r); err == nil {
					return op.Name
				}
				return ""
			},
			errorDoc: cloudtrailwire.ErrorResponse},
		analyzerwire.Service.SigningName: {name: analyzerwire.Service.ID, protocol: analyzerwire.Service.Protocol,
			dispatch: func(ctx context.Context, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error) {
				return analyzerwire.Dispatch(ctx, aa, r, dst)
			},
			operation: func(r *jsonproto.Request) string {
				if op, _, err := analyzerwire.Resolve(r); err == nil {
					return op.Name
				}
				return ""
			},
			errorDoc: analyzerwire.ErrorResponse},
		rolesanywherewire.Service.SigningName: {name: rolesanywherewire.Service.ID, protocol: rolesanywherewire.Service.Protocol,
			dispatch: func(ctx context.Context, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error) {
				return rolesanywherewire.Dispatch(ctx, ra, r, dst)
			},
			operation: func(r *jsonproto.Request) string {
				if op, _, err := rolesanywherewire.Resolve(r); err == nil {
					return op.Name
				}
				return ""
			},
			errorDoc: rolesanywherewire.ErrorResponse},
	}
	for _, e := range cfg.Extras {
		if e.Unsigned {
			h.unsigned = append(h.unsigned, e)
		} else if svc := services[e.Service]; svc != nil {
			svc.extras = append(svc.extras, e)
		}
	}
	for name, svc := range services {
		h.services[name] = service{json: svc}
	}
}

// isQuery says whether a request speaks awsQuery: a form body, or an Action in the query string (the GET
// and presigned forms). Everything else is a JSON protocol, or a service Gatehouse does not serve.
func isQuery(r *http.Request) bool {
	if r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	if isForm(r.Header.Get("Content-Type")) {
		return true
	}
	return r.URL.RawQuery != "" && r.URL.Query().Has("Action")
}

// isForm reports whether a Content-Type's media type is application/x-www-form-urlencoded, as
// mime.ParseMediaType would (case-insensitive, parameters and surrounding space ignored) but
// without parsing the parameters: this runs on every request.
func isForm(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded")
}

// clientProtocol guesses the protocol a non-query client speaks, to answer it in a form it parses before
// its service is known: awsJson when it sends X-Amz-Target or an x-amz-json body, restJson otherwise.
func clientProtocol(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Header.Get("X-Amz-Target") != "" || strings.HasPrefix(mt, "application/x-amz-json") {
		return jsonproto.ProtocolJSON
	}
	return jsonproto.ProtocolRESTJSON
}

// credentialScope returns the service named by the request's credential scope (the Authorization header's
// or the presigned X-Amz-Credential), before any check, so that even a request whose signature fails is
// answered in its service's protocol.
func credentialScope(r *http.Request) string {
	cred := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		_, cred, _ = strings.Cut(auth, "Credential=")
		cred, _, _ = strings.Cut(cred, ",")
	}
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[3]
}

// jsonRequest is the request as the wire packages take it.
func jsonRequest(r *http.Request, body []byte) *jsonproto.Request {
	return &jsonproto.Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header, Body: body,
		Host: r.Host, RawQuery: r.URL.RawQuery}
}

// serveJSON serves a request that is not awsQuery: an unsigned extra operation, or a signed request for
// the service its credential scope names.
func (h *Handler) serveJSON(w http.ResponseWriter, r *http.Request, body []byte, x *exchange) {
	req := jsonRequest(r, body)
	for _, e := range h.unsigned {
		if labels, ok := e.Match(r.Method, req.Path); ok {
			svc := h.services[e.Service]
			x.service, x.action = e.Service, e.Name
			if svc.json != nil {
				x.proto = svc.json.protocol
			}
			x.body = body
			h.writeJSONResult(w, r, x, svc.json, func(dst []byte) (*jsonproto.Response, error) {
				return e.Serve(r.Context(), req, labels, dst)
			})
			return
		}
	}
	ctx, svc, err := h.authenticate(r, body, nil, x)
	if err != nil {
		h.writeError(w, x, err)
		return
	}
	if svc.json == nil { // a query service (IAM, STS) reached without a form: it answers in XML
		x.proto = ""
		params, err := parameters(r, body)
		if err != nil {
			h.writeError(w, x, err)
			return
		}
		x.action, x.params = params.Get("Action"), params
		h.serveQuery(ctx, w, r, svc, params, x)
		return
	}
	x.proto = svc.json.protocol
	h.dispatchJSON(ctx, w, r, body, svc.json, x)
}

// dispatchJSON runs an authenticated request through a JSON service: its signed extras first, then its
// model's operations.
func (h *Handler) dispatchJSON(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte, svc *jsonService, x *exchange) {
	req := jsonRequest(r, body)
	for _, e := range svc.extras {
		if labels, ok := e.Match(r.Method, req.Path); ok {
			x.action, x.body = e.Name, body
			h.writeJSONResult(w, r, x, svc, func(dst []byte) (*jsonproto.Response, error) { return e.Serve(ctx, req, labels, dst) })
			return
		}
	}
	x.action, x.body = svc.operation(req), body
	h.writeJSONResult(w, r, x, svc, func(dst []byte) (*jsonproto.Response, error) { return svc.dispatch(ctx, req, dst) })
}

// writeJSONResult runs serve with a pooled buffer and writes its response, or its error in the service's
// protocol.
func (h *Handler) writeJSONResult(w http.ResponseWriter, r *http.Request, x *exchange, svc *jsonService,
	serve func(dst []byte) (*jsonproto.Response, error)) {
	bp := h.bufs.Get().(*[]byte)
	defer h.bufs.Put(bp)
	h.noteAudit(r, x)
	resp, err := serve((*bp)[:0])
	if err == nil {
		x.keepResponse(resp.Body, false)
	} else {
		e := awserr.As(err)
		x.code, x.message = e.Code, e.Message
		if e.Cause != nil {
			x.cause = e.Cause
		}
		if svc != nil {
			resp = svc.errorDoc(e, (*bp)[:0])
		} else {
			resp = jsonproto.ErrorResponse(x.proto, e, jsonproto.ErrorDocument{}, (*bp)[:0])
		}
	}
	*bp = resp.Body
	x.status = resp.Status
	writeResponse(w, resp)
}

func writeResponse(w http.ResponseWriter, resp *jsonproto.Response) {
	hd := w.Header()
	hd.Set("Content-Type", resp.ContentType)
	for _, f := range resp.Header {
		hd.Add(f.Name, f.Value)
	}
	hd.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

// writeJSONError renders an error raised before or around a JSON service's dispatch (authentication, an
// unknown service) in the protocol the client speaks.
func (h *Handler) writeJSONError(w http.ResponseWriter, x *exchange, e *awserr.Error) {
	bp := h.bufs.Get().(*[]byte)
	defer h.bufs.Put(bp)
	var resp *jsonproto.Response
	name := x.service
	if name == "" {
		name = x.scope
	}
	if svc := h.services[name]; svc.json != nil {
		resp = svc.json.errorDoc(e, (*bp)[:0])
	} else {
		resp = notServedDocument(x, e, (*bp)[:0])
	}
	*bp = resp.Body
	writeResponse(w, resp)
}

// codeNotServed answers a request signed for a service Gatehouse does not serve.
const codeNotServed = "UnknownOperationException"

// errNotServed says which service the request was signed for and which ones this endpoint serves.
func errNotServed(service string) *awserr.Error {
	if len(service) > 64 {
		service = service[:64]
	}
	return awserr.New(codeNotServed, http.StatusBadRequest,
		"The service %q is not served by this endpoint: Gatehouse serves iam, sts, organizations, cloudtrail, "+
			"access-analyzer and rolesanywhere.", service)
}

// notServedDocument renders an error for a client whose service is unknown, in the form its SDK parses:
// S3's and EC2's XML documents for those two, JSON for the rest.
func notServedDocument(x *exchange, e *awserr.Error, dst []byte) *jsonproto.Response {
	switch x.scope {
	case "s3", "s3-object-lambda":
		body := appendXMLError(dst, "Error", e.Code, e.Message, x.requestID)
		return &jsonproto.Response{Status: e.Status, ContentType: "application/xml", Body: body}
	case "ec2":
		body := append(dst, "<Response><Errors>"...)
		body = appendXMLError(body, "Error", e.Code, e.Message, "")
		body = append(body, "</Errors><RequestID>"+x.requestID+"</RequestID></Response>"...)
		return &jsonproto.Response{Status: e.Status, ContentType: "text/xml", Body: body}
	}
	return jsonproto.ErrorResponse(x.proto, e, jsonproto.ErrorDocument{}, dst)
}

// appendXMLError appends <name><Code>…</Code><Message>…</Message>[<RequestId>…</RequestId>]</name>.
func appendXMLError(dst []byte, name, code, message, requestID string) []byte {
	var b strings.Builder
	b.WriteString("<" + name + "><Code>")
	xml.EscapeText(&b, []byte(code))
	b.WriteString("</Code><Message>")
	xml.EscapeText(&b, []byte(message))
	b.WriteString("</Message>")
	if requestID != "" {
		b.WriteString("<RequestId>" + requestID + "</RequestId>")
	}
	b.WriteString("</" + name + ">")
	return append(dst, b.String()...)
}
