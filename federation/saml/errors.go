package saml

// AWS error codes of AssumeRoleWithSAML that response verification produces (HTTP 400).
const (
	CodeInvalidIdentityToken = "InvalidIdentityToken"
	CodeExpiredToken         = "ExpiredTokenException"
	CodeIDPRejectedClaim     = "IDPRejectedClaim"
)

// Messages. AWS's own texts are not published for most SAML failures; these say what is wrong
// without repeating the assertion.
const (
	MsgInvalid         = "Invalid SAML response"
	MsgNotSigned       = "Invalid SAML response: the response or its assertion must be signed by the identity provider"
	MsgSignature       = "Invalid SAML response: the signature does not verify with the provider's signing certificates"
	MsgIssuer          = "Invalid SAML response: the Issuer is not the SAML provider's entity ID"
	MsgAudience        = "Invalid SAML response: the assertion is not addressed to the AWS sign-in endpoint"
	MsgRecipient       = "Invalid SAML response: SubjectConfirmationData must have a NotOnOrAfter and an AWS sign-in Recipient"
	MsgSessionName     = "Invalid SAML response: the RoleSessionName attribute is missing or invalid"
	MsgSessionDuration = "Invalid SAML response: the SessionDuration attribute must be a number of seconds from 900 to 43200"
	MsgExpired         = "Response has expired or is not yet valid"
	MsgRejected        = "The identity provider reported that authentication failed"
)

// Error is a verification failure: the AWS code, a message safe to return, and for logs the
// reason and underlying error.
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
