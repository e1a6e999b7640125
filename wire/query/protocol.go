package query

import (
	"fmt"
	"net/url"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// Codes the query protocol itself answers with, before any operation runs.
const (
	CodeInvalidAction   = "InvalidAction"
	CodeMissingAction   = "MissingAction"
	CodeValidationError = "ValidationError"
	// CodeNotImplemented answers an operation of the model that Gatehouse does not implement yet.
	CodeNotImplemented = "NotImplemented"
)

// HTTP statuses, as ints: nothing under wire imports net/http.
const (
	statusBadRequest     = 400
	statusInternal       = 500
	statusNotImplemented = 501
)

// Action returns the request's operation name after checking the Action and Version parameters the way AWS
// does: no Action is MissingAction; an Action the service does not have, or a Version other than the
// service's, is InvalidAction ("Could not find operation X for version V"); a request without Version is
// accepted.
func Action(params url.Values, apiVersion string, has func(action string) bool) (string, error) {
	action := params.Get("Action")
	if action == "" {
		return "", awserr.New(CodeMissingAction, statusBadRequest, "Missing Action")
	}
	version := apiVersion
	if v, ok := params["Version"]; ok && len(v) > 0 {
		version = v[0]
	}
	if version != apiVersion || !has(action) {
		return "", awserr.InvalidAction(action, version)
	}
	return action, nil
}

// NewError returns an error with the code, status and fault of an error shape of the model. Generated
// constructors (iamwire.ErrNoSuchEntity, …) call it.
func NewError(code string, status int, fault awserr.Fault, format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: code, Status: status, Fault: fault, Message: fmt.Sprintf(format, args...)}
}

// NotImplemented is what an operation of the model answers until a service implements it. 501 is not
// among the statuses AWS SDKs retry, so clients fail fast.
func NotImplemented(operation string) *awserr.Error {
	return &awserr.Error{Code: CodeNotImplemented, Status: statusNotImplemented, Fault: awserr.Receiver,
		Message: "The operation " + operation + " is not implemented by this server."}
}

// NilOutput is the internal failure of a handler that returned neither an output nor an error.
func NilOutput(operation string) *awserr.Error {
	return awserr.Internal(fmt.Errorf("wire: handler for %s returned a nil output and no error", operation))
}

// AppendError appends the query protocol's error document:
//
//	<ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>
//	<RequestId>…</RequestId></ErrorResponse>
//
// A missing Fault is derived from the status (5xx is the Receiver's fault).
func AppendError(dst []byte, namespace string, e *awserr.Error, requestID string) []byte {
	fault := e.Fault
	if fault == "" {
		fault = awserr.Sender
		if e.Status >= statusInternal {
			fault = awserr.Receiver
		}
	}
	w := NewWriter(dst)
	w.StartNS("ErrorResponse", namespace)
	w.Start("Error")
	w.String("Type", string(fault))
	w.String("Code", e.Code)
	if e.Message != "" {
		w.String("Message", e.Message)
	}
	w.End("Error")
	w.String("RequestId", requestID)
	w.End("ErrorResponse")
	return w.Bytes()
}

// AsError is awserr.As that also survives a handler returning a typed nil *awserr.Error as its error,
// which would otherwise reach the renderer as a nil pointer.
func AsError(err error) *awserr.Error {
	if e := awserr.As(err); e != nil {
		return e
	}
	return awserr.Internal(fmt.Errorf("wire: a nil *awserr.Error was returned as an error"))
}
