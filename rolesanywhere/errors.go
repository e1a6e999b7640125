package rolesanywhere

import "github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"

// Roles Anywhere's errors. Where no recorded AWS answer was found the wording is Gatehouse's
// and marked "unconfirmed".

// errNotFound: a trust anchor, profile, CRL or subject the account does not have (AWS answers
// "Resource not found", HTTP 404).
func errNotFound() error {
	return rolesanywherewire.ErrResourceNotFoundException("Resource not found")
}

// errValidation: a request Roles Anywhere refuses (unconfirmed wording where marked by callers).
func errValidation(format string, args ...any) error {
	return rolesanywherewire.ErrValidationException(format, args...)
}

// errTooManyTags: more than 50 tags on a resource (unconfirmed wording).
func errTooManyTags() error {
	return rolesanywherewire.ErrTooManyTagsException("Too many tags: a resource can have at most 50 tags")
}

// errInvalidToken: a nextToken this service did not issue (unconfirmed wording).
func errInvalidToken() error {
	return errValidation("Invalid nextToken")
}
