package policy

import (
	"fmt"
	"strings"
)

// Pos is a position in a policy document: 1-based line and column (counted in characters)
// and the 0-based byte offset.
type Pos struct {
	Line, Col, Offset int
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Severity says whether a problem makes a document invalid.
type Severity uint8

const (
	// Error is a problem AWS rejects the document for (MalformedPolicyDocument).
	Error Severity = iota
	// Warning is legal but almost certainly not what the author meant.
	Warning
)

// Problem is one thing wrong with a policy document.
type Problem struct {
	Severity Severity
	Pos      Pos
	// Path locates the element, as in Statement[1].Condition.StringLike.
	Path string
	// Message is AWS's wording where it is known ("Syntax errors in policy.",
	// "Policy statement must contain resources."), so the IAM API can return it as is.
	Message string
	// Detail explains the problem further when Message alone is vague. May be empty.
	Detail string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Pos.String())
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Detail != "" {
		b.WriteString(" (")
		b.WriteString(p.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// ValidationError is returned by Parse for a document with at least one Error-severity
// problem. Problems holds every problem found, warnings included, in document order.
type ValidationError struct {
	Problems []Problem
	// reported is 1 + the index in Problems of the problem IAM reports (see First); 0 when
	// unknown, for a ValidationError made elsewhere.
	reported int
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("policy: invalid document")
	for _, p := range e.Problems {
		if p.Severity != Error {
			continue
		}
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// First returns the problem the IAM API reports in a MalformedPolicyDocument error: IAM checks a
// document in stages (JSON syntax, Version, legacy parsing, Sid uniqueness, Action and Resource
// presence, resource ARNs, action names) and answers with the first stage that fails, which is
// not always the problem that comes first in the document.
func (e *ValidationError) First() Problem {
	if e.reported > 0 && e.reported <= len(e.Problems) {
		return e.Problems[e.reported-1]
	}
	for _, p := range e.Problems {
		if p.Severity == Error {
			return p
		}
	}
	return Problem{}
}

// stage is the step of IAM's validation that finds a problem. IAM reports the problem of the
// earliest stage that fails; within a stage, the first by rank (normally document order).
// Recorded IAM answers fix the order (see iam.go).
type stage uint8

const (
	stageNone      stage = iota // a warning: IAM accepts the document
	stageSize                   // a size quota (the IAM API answers LimitExceeded itself)
	stageSyntax                 // JSON, element names and types: "Syntax errors in policy."
	stageVersion                // managed policies: "Policy document must be version 2012-10-17 or greater."
	stageLegacy                 // "The policy failed legacy parsing": Effect case, condition values, ARN shapes
	stageSid                    // Sid characters and uniqueness
	stagePrincipal              // a principal where none belongs
	stageActions                // Action/NotAction missing or empty
	stageResources              // Resource/NotResource missing or empty
	stageARN                    // resource ARN and principal formats
	stageAction                 // Action names and vendors
	stageNotAction              // NotAction names and vendors, which IAM checks after every Action
)

// AWS's MalformedPolicyDocument messages, where IAM's wording is known.
const (
	msgSyntax            = "Syntax errors in policy."
	msgLegacyParsing     = "The policy failed legacy parsing"
	msgVersionManaged    = "Policy document must be version 2012-10-17 or greater."
	msgNoPrincipal       = "Policy document should not specify a principal."
	msgNeedActions       = "Policy statement must contain actions."
	msgNeedResources     = "Policy statement must contain resources."
	msgSidAlnum          = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	msgSidUnique         = "Statement IDs (SID) in a single policy must be unique."
	msgVendor            = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgOneColon          = "Actions/Condition can contain only one colon."
	msgVendorInvalid     = "Vendor %s is not valid"
	msgTrustActions      = "AssumeRole policy may only specify STS AssumeRole actions."
	msgOrgsRequirements  = "The provided policy document does not meet the requirements of the specified policy type."
	msgMissingField      = "Missing required field %s"
	msgProhibitedField   = "Has prohibited field %s"
	msgInvalidPrincipal  = "Invalid principal in policy: %s"
	msgResourceARNFormat = "Resource %s must be in ARN format or \"*\"."
	msgPartition         = "Partition \"%s\" is not valid for resource \"%s\"."
	msgResourceVendor    = "Resource vendor must be fully qualified and cannot contain regexes."
	msgIAMRegion         = "IAM resource %s cannot contain region information."
	msgRegion            = "Resource %s can not contain region information."
	msgAccount           = "Resource %s cannot contain an account id."
	msgIAMPath           = "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/."
	msgPolicySize        = "Cannot exceed quota for PolicySize: %d"
)
