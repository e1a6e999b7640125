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

// errAnalyzerExists: CreateAnalyzer with a name the account already uses. Message
// unconfirmed.
func errAnalyzerExists(name string) error {
	return analyzerwire.ErrConflictExceptionWith(analyzerwire.ConflictExceptionFields{ResourceId: name, ResourceType: "Analyzer"},
		"An analyzer with name %s already exists", name)
}

// errAnalyzerQuota: a second analyzer of a type in the account (AWS's quota is one per type
// per account and Region). Message unconfirmed.
func errAnalyzerQuota(name string) error {
	return analyzerwire.ErrServiceQuotaExceededExceptionWith(analyzerwire.ServiceQuotaExceededExceptionFields{ResourceId: name,
		ResourceType: "Analyzer"}, "The account already has an analyzer of this type")
}

// errNotInOrganization: an organization analyzer for an account outside an organization
// (Gatehouse has no Organizations service yet, so no account is in one). Message unconfirmed.
func errNotInOrganization() error {
	return analyzerwire.ErrValidationExceptionWith(analyzerwire.ValidationExceptionFields{
		Reason:    analyzerwire.ValidationExceptionReasonNotSupported,
		FieldList: []analyzerwire.ValidationExceptionField{{Name: "type", Message: "The account is not a member of an organization."}},
	}, "You must be a member of an organization to create an organization analyzer")
}

// errNotOrgAdmin: an organization analyzer for a member account that is neither the
// management account nor Access Analyzer's delegated administrator. Message unconfirmed.
func errNotOrgAdmin() error {
	return analyzerwire.ErrValidationExceptionWith(analyzerwire.ValidationExceptionFields{
		Reason:    analyzerwire.ValidationExceptionReasonNotSupported,
		FieldList: []analyzerwire.ValidationExceptionField{{Name: "type", Message: "The account is not the organization's management account or Access Analyzer's delegated administrator."}},
	}, "You must be the management account or a delegated administrator to create an organization analyzer")
}

// errTooManyTags: more than 50 tags on a resource. Message unconfirmed.
func errTooManyTags() error {
	return errInvalidInput("tags", "A resource can have at most 50 tags.")
}
