package jsonproto

import (
	"fmt"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/constraint"
)

// Codes the JSON protocols answer with before or around any operation.
const (
	// CodeSerialization answers a body that is not JSON, or a member whose JSON type is not its shape's.
	CodeSerialization = "SerializationException"
	// CodeValidation answers constraint violations (for services whose model has no error of its own
	// for them).
	CodeValidation = "ValidationException"
	// CodeUnknownOperation answers an X-Amz-Target, or a method and path, that names no operation.
	CodeUnknownOperation = "UnknownOperationException"
	// CodeNotImplemented answers an operation of the model that Gatehouse does not implement yet.
	CodeNotImplemented = "NotImplemented"
)

// HTTP statuses, as ints: nothing under wire imports net/http.
const (
	statusBadRequest     = 400
	statusNotFound       = 404
	statusNotImplemented = 501
)

// InputErrors says how a service answers input it cannot accept. Services differ: most answer
// ValidationException with AWS's "N validation errors detected" message, Access Analyzer adds a reason
// and a field list, Organizations answers InvalidInputException with a reason. The generated package
// builds its own from the model.
type InputErrors struct {
	// Parse builds the error for a body that is not a JSON object, or a value of the wrong JSON type or
	// format; nil means SerializationException.
	Parse func(message string) *awserr.Error
	// Invalid builds the error for constraint violations; nil means ValidationException.
	Invalid func(vs []constraint.Violation) *awserr.Error
}

func (ie *InputErrors) parse(message string) *awserr.Error {
	if ie != nil && ie.Parse != nil {
		return ie.Parse(message)
	}
	return SerializationError(message)
}

func (ie *InputErrors) invalid(vs []constraint.Violation) *awserr.Error {
	if ie != nil && ie.Invalid != nil {
		return ie.Invalid(vs)
	}
	return ValidationError(vs)
}

// SerializationError is the JSON protocols' answer to a document they cannot read.
func SerializationError(message string) *awserr.Error {
	return awserr.New(CodeSerialization, statusBadRequest, "%s", message)
}

// ValidationError is ValidationException with AWS's summary of the violations.
func ValidationError(vs []constraint.Violation) *awserr.Error {
	return awserr.New(CodeValidation, statusBadRequest, "%s", constraint.Summary(vs))
}

// UnknownOperation is the answer to a request that names no operation of the service.
func UnknownOperation(format string, args ...any) *awserr.Error {
	e := awserr.New(CodeUnknownOperation, statusBadRequest, format, args...)
	return e
}

// UnknownRoute is restJson1's answer to a method and path that match no operation (HTTP 404).
func UnknownRoute(service, method, path string) *awserr.Error {
	return awserr.New(CodeUnknownOperation, statusNotFound,
		"No operation of %s matches %s %s.", service, method, path)
}

// NotImplemented is what an operation of the model answers until a service implements it. 501 is not
// among the statuses AWS SDKs retry, so clients fail fast.
func NotImplemented(operation string) *awserr.Error {
	return &awserr.Error{Code: CodeNotImplemented, Status: statusNotImplemented, Fault: awserr.Receiver,
		Message: "The operation " + operation + " is not implemented by this server."}
}

// NewError returns an error with the code, status and fault of an error shape of the model and its
// modelled members (detail, nil for none). Generated constructors call it.
func NewError(code string, status int, fault awserr.Fault, detail any, format string, args ...any) *awserr.Error {
	return &awserr.Error{Code: code, Status: status, Fault: fault, Detail: detail, Message: fmt.Sprintf(format, args...)}
}

// NilOutput is the internal failure of a handler that returned neither an output nor an error.
func NilOutput(operation string) *awserr.Error {
	return awserr.Internal(fmt.Errorf("wire: handler for %s returned a nil output and no error", operation))
}

// AsError is awserr.As that also survives a handler returning a typed nil *awserr.Error as its error.
func AsError(err error) *awserr.Error {
	if e := awserr.As(err); e != nil {
		return e
	}
	return awserr.Internal(fmt.Errorf("wire: a nil *awserr.Error was returned as an error"))
}

// ErrorDocument describes how a service writes one error: the key of its message member ("message", or
// "Message" where the model's error shape names it so) and a writer of its modelled members, which may
// also add headers (Access Analyzer's Retry-After).
type ErrorDocument struct {
	MessageKey string
	Members    func(w *Writer, resp *Response)
}

// ErrorResponse renders e in a JSON protocol: status from the error, the x-amzn-ErrorType header, and the
// body {"__type": code, "message": …, modelled members…}. Both SDK families read the code from the header
// or __type and the message from either letter case; botocore reads the modelled members from the body.
func ErrorResponse(protocol string, e *awserr.Error, doc ErrorDocument, dst []byte) *Response {
	status := e.Status
	if status == 0 {
		status = statusBadRequest
	}
	resp := &Response{Status: status, ContentType: ContentType(protocol)}
	resp.AddHeader("X-Amzn-Errortype", e.Code)
	key := doc.MessageKey
	if key == "" {
		key = "message"
	}
	w := NewWriter(dst)
	w.StartObject()
	w.Key("__type")
	w.String(e.Code)
	w.Key(key)
	w.String(e.Message)
	if doc.Members != nil {
		doc.Members(&w, resp)
	}
	w.EndObject()
	resp.Body = w.Bytes()
	return resp
}

// FormatInt formats an integer bound to a header (Access Analyzer's Retry-After, in seconds).
func FormatInt(v int64) string { return strconv.FormatInt(v, 10) }

// FormatBool formats a boolean bound to a header.
func FormatBool(v bool) string { return strconv.FormatBool(v) }
