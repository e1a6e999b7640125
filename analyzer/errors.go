package analyzer

import (
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Access Analyzer's errors. Where no recorded AWS answer was found the wording is Gatehouse's
// and marked "unconfirmed".

// errInvalidInput: a request whose members contradict each other (a
// validatePolicyResourceType with a policy type other than RESOURCE_POLICY). AWS answers
// ValidationException "InvalidInput" (quoted in awslabs/terraform-iam-policy-validator#23).
func errInvalidInput(field, message string) error {
	return analyzerwire.ErrValidationExceptionWith(analyzerwire.ValidationExceptionFields{
		Reason:    analyzerwire.ValidationExceptionReasonFieldValidationFailed,
		FieldList: []analyzerwire.ValidationExceptionField{{Name: field, Message: message}},
	}, "InvalidInput")
}

// errInvalidParameter: a policy document the custom checks cannot read. Message unconfirmed.
func errInvalidParameter(field, detail string) error {
	return analyzerwire.ErrInvalidParameterException("Invalid parameter %s: %s", field, detail)
}

// errInvalidToken: a nextToken this service did not issue for the request. Message
// unconfirmed.
func errInvalidToken() error {
	return analyzerwire.ErrValidationExceptionWith(analyzerwire.ValidationExceptionFields{
		Reason:    analyzerwire.ValidationExceptionReasonFieldValidationFailed,
		FieldList: []analyzerwire.ValidationExceptionField{{Name: "nextToken", Message: "Invalid pagination token"}},
	}, "Invalid pagination token")
}
