package sessiontoken

import "errors"

// Errors from Open, wrapped with detail; test with errors.Is. Both mean "not a valid token"
// to a client (AWS answers InvalidClientTokenId); they differ only for logs.
var (
	// ErrMalformed: the text is not a token this version can read (bad base64, wrong format,
	// over the limits, undecodable claims).
	ErrMalformed = errors.New("sessiontoken: malformed token")
	// ErrInvalid: the token did not open: altered, sealed by a key the keyring no longer holds,
	// or presented with another access key ID than it was issued for.
	ErrInvalid = errors.New("sessiontoken: invalid token")
)
