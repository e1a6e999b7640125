package sigv4

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// AWS's error codes for authentication failures. The code string is what clients switch on.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationToken"
	CodeIncompleteSignature        = "IncompleteSignature"
	CodeInvalidClientTokenID       = "InvalidClientTokenId"
	CodeSignatureDoesNotMatch      = "SignatureDoesNotMatch"
	// CodeContentSHA256Mismatch is S3's answer when X-Amz-Content-Sha256 is not the body's hash.
	CodeContentSHA256Mismatch = "XAmzContentSHA256Mismatch"
)

// Error is an authentication failure as AWS reports it: the code, the HTTP status (400 or 403)
// and AWS's message. The message never contains a secret or a signature, so it is safe to
// return to the client and to log.
type Error struct {
	Code    string
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// The messages below are AWS's, as its services return them (see the package tests for the
// sources); where AWS repeats request text back, we repeat only what cannot be a secret.
const (
	msgMissingToken      = "Request is missing Authentication Token"
	msgInvalidClientID   = "The security token included in the request is invalid."
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgHostNotSigned = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
	msgContentSHA256 = "The provided 'x-amz-content-sha256' header does not match what was computed."
)

// InvalidClientTokenID is AWS's InvalidClientTokenId error, for an access key ID (or session
// token) the caller's store does not know. Parse cannot raise it: only the caller's lookup can.
func InvalidClientTokenID() *Error {
	return &Error{Code: CodeInvalidClientTokenID, Status: http.StatusForbidden, Message: msgInvalidClientID}
}

func errMissingToken() *Error {
	return &Error{Code: CodeMissingAuthenticationToken, Status: http.StatusForbidden, Message: msgMissingToken}
}

func errIncomplete(format string, args ...any) *Error {
	return &Error{Code: CodeIncompleteSignature, Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

func errMismatch(msg string) *Error {
	return &Error{Code: CodeSignatureDoesNotMatch, Status: http.StatusForbidden, Message: msg}
}

// errExpired is AWS's "Signature expired" message: the request time, the oldest time still
// accepted, and how that bound was computed from the server clock.
func errExpired(t, now time.Time, window time.Duration) *Error {
	return errMismatch(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s.)",
		amzDate(t), amzDate(now.Add(-window)), amzDate(now), minutes(window)))
}

// errNotYetCurrent is AWS's answer to a request signed more than MaxSkew in the future.
func errNotYetCurrent(t, now time.Time) *Error {
	return errMismatch(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s.)",
		amzDate(t), amzDate(now.Add(MaxSkew)), amzDate(now), minutes(MaxSkew)))
}

// minutes renders a window the way AWS's messages do ("15 min"), falling back to seconds for
// presigned expiries that are not whole minutes.
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%d sec", d/time.Second)
}

// echo makes request text safe to repeat in a message: printable ASCII only, at most maxEcho
// bytes. It is used for values AWS itself repeats (dates, scope parts), never for signatures.
func echo(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if b.Len() >= maxEcho {
			b.WriteString("...")
			break
		}
		c := s[i]
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// echoName repeats an algorithm or a malformed Authorization parameter only when it looks like
// a name: at most 32 letters, digits, '-' and '_'. Anything else (a 64-digit signature written
// without "=", say) is not repeated.
func echoName(s string) string {
	if len(s) == 0 || len(s) > 32 {
		return "..."
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return "..."
		}
	}
	return s
}
