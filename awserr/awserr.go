package awserr

import (
	"errors"
	"fmt"
	"net/http"
)

// Fault says whose fault an error is, as the AWS query protocol's <Type> element does.
type Fault string

const (
	Sender   Fault = "Sender"
	Receiver Fault = "Receiver"
)

// Error is an AWS API error: the code string clients switch on, the HTTP status, the public
// message, and an optional internal cause that is logged but never shown to the client.
type Error struct {
	Code    string
	Message string
	Status  int
	Fault   Fault
	// Cause is the internal reason (a store error, say). It is never rendered to the client.
	Cause error
	// Detail carries the modelled members of the error shape beyond its message (Organizations'
	// ConstraintViolationException Reason, Access Analyzer's ValidationException fieldList), as the
	// generated wire package's <Error>Fields value; that package's renderer writes them. Nil for none.
	Detail any
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// New returns a client (Sender) error with the given code, status and formatted message.
func New(code string, status int, format string, args ...any) *Error {
	return &Error{Code: code, Status: status, Fault: Sender, Message: fmt.Sprintf(format, args...)}
}

// Is reports whether err is (or wraps) an *Error with the given code.
func Is(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// As returns err as an *Error, turning anything that is not one into InternalFailure with
// err kept as the hidden cause.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// Internal is the answer to a failure the client cannot act on; cause is kept for the log.
func Internal(cause error) *Error {
	return &Error{Code: "InternalFailure", Status: http.StatusInternalServerError, Fault: Receiver,
		Message: "The request processing has failed because of an unknown error, exception or failure.", Cause: cause}
}

// Constructors for the errors shared by every service. Service-specific errors
// (NoSuchEntity, EntityAlreadyExists, …) are built in the service's errors.go with New.

func AccessDenied(msg string) *Error {
	return New("AccessDenied", http.StatusForbidden, "%s", msg)
}

func ValidationError(format string, args ...any) *Error {
	return New("ValidationError", http.StatusBadRequest, format, args...)
}

func MissingParameter(name string) *Error {
	return New("MissingParameter", http.StatusBadRequest,
		"The request must contain the parameter %s", name)
}

// InvalidAction is the query protocol's answer to an Action the service does not have.
func InvalidAction(action, apiVersion string) *Error {
	return New("InvalidAction", http.StatusBadRequest,
		"Could not find operation %s for version %s", action, apiVersion)
}

func InvalidParameterValue(format string, args ...any) *Error {
	return New("InvalidParameterValue", http.StatusBadRequest, format, args...)
}

// ServiceUnavailable is the answer to a request the server could not serve for now (its
// database is unreachable or restarting): a 503 that the AWS SDKs and CLI retry on their own.
// Nothing the request would have written was acknowledged. cause is kept for the log.
func ServiceUnavailable(cause error) *Error {
	return &Error{Code: "ServiceUnavailable", Status: http.StatusServiceUnavailable, Fault: Receiver,
		Message: "Service is unable to handle request.", Cause: cause}
}
