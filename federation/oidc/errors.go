package oidc

import (
	"fmt"
	"time"
)

// AWS error codes of AssumeRoleWithWebIdentity that token verification produces. The STS layer
// answers each with HTTP 400 and the code as is (see the STS API reference's Errors section).
const (
	// CodeInvalidIdentityToken: the token is malformed, its signature does not verify, its issuer
	// or audience is wrong, its keys cannot be had, or the issuer's certificate is not trusted.
	CodeInvalidIdentityToken = "InvalidIdentityToken"
	// CodeExpiredToken: the token's exp (plus ClockSkew) has passed.
	CodeExpiredToken = "ExpiredTokenException"
	// CodeIDPCommunicationError: the issuer could not be reached (connection, timeout, 5xx).
	CodeIDPCommunicationError = "IDPCommunicationError"
	// CodeIDPRejectedClaim: a claim AWS reads has a shape it rejects (the session tags claim).
	CodeIDPRejectedClaim = "IDPRejectedClaim"
)

// Messages AWS answers with, where it is known (quoted in public reports of these errors).
const (
	MsgNotJWT           = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"
	MsgAudience         = "Incorrect token audience"
	MsgKeyUnavailable   = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
	MsgThumbprint       = "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"
	MsgInvalid          = "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request."
	MsgCommunication    = "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached."
	msgNoProviderPrefix = "No OpenIDConnect provider found in your account for "
)

// Error is a verification failure: the AWS code, AWS's message and, for logs only, the reason
// in our words and the underlying error. Neither the message nor the reason contains the token.
type Error struct {
	Code    string
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

func invalid(msg, reason string, err error) *Error {
	return &Error{Code: CodeInvalidIdentityToken, Message: msg, Reason: reason, Err: err}
}

func notJWT(reason string, err error) *Error { return invalid(MsgNotJWT, reason, err) }

func rejected(reason string) *Error {
	return &Error{Code: CodeIDPRejectedClaim, Message: "The identity provider's token carries a claim AWS rejects: " + reason, Reason: reason}
}

func communication(reason string, err error) *Error {
	return &Error{Code: CodeIDPCommunicationError, Message: MsgCommunication, Reason: reason, Err: err}
}

// expired is AWS's ExpiredTokenException message, with its missing space kept:
// "Token expired: current date/time 1628522389 must be before the expiration date/time1628522322".
func expired(now, exp time.Time) *Error {
	return &Error{Code: CodeExpiredToken, Message: fmt.Sprintf(
		"Token expired: current date/time %d must be before the expiration date/time%d", now.Unix(), exp.Unix())}
}

// NoProvider is the error for a token whose issuer names no IAM OIDC provider in the role's
// account; only the caller's lookup can raise it.
func NoProvider(issuer string) *Error {
	return invalid(msgNoProviderPrefix+printable(issuer), "unknown issuer", nil)
}

// printable makes text safe to repeat in a message: printable ASCII, at most 256 bytes.
func printable(s string) string {
	b := make([]byte, 0, min(len(s), 259))
	for i := 0; i < len(s); i++ {
		if len(b) >= 256 {
			return string(b) + "..."
		}
		c := s[i]
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		b = append(b, c)
	}
	return string(b)
}
