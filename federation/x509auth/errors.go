package x509auth

import "net/http"

// Roles Anywhere error codes (its service model's errors).
const (
	CodeAccessDenied = "AccessDeniedException"
	CodeValidation   = "ValidationException"
)

// Messages. "Untrusted signing certificate" is the one AWS is known to answer when no chain
// reaches the trust anchor; the others are ours, in its style.
const (
	MsgUntrusted        = "Untrusted signing certificate"
	MsgExpired          = "Untrusted signing certificate: the certificate is expired or not yet valid"
	MsgRevoked          = "Untrusted signing certificate: the certificate is revoked"
	MsgSignature        = "Signature validation failed"
	MsgNotEndEntity     = "Untrusted signing certificate: the signing certificate must be an end-entity certificate with the digitalSignature key usage"
	MsgCertificate      = "Invalid certificate in the X-Amz-X509 header"
	MsgChain            = "Invalid certificate in the X-Amz-X509-Chain header"
	MsgSerial           = "The credential's serial number is not the signing certificate's"
	MsgAlgorithm        = "The signing algorithm does not match the certificate's key type"
	msgTagsPrefix       = "some attributes fail to be mapped into session tags: "
	maxChainCerts       = 10
	maxCertificateBytes = 16 << 10
)

// Error is an authentication failure: the code and HTTP status to answer with, a message safe to
// return, and the reason for logs.
type Error struct {
	Code    string
	Status  int
	Message string
	Reason  string
	Err     error
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func denied(msg, reason string, err error) *Error {
	return &Error{Code: CodeAccessDenied, Status: http.StatusForbidden, Message: msg, Reason: reason, Err: err}
}

func validation(msg, reason string, err error) *Error {
	return &Error{Code: CodeValidation, Status: http.StatusBadRequest, Message: msg, Reason: reason, Err: err}
}
