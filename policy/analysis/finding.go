package analysis

import (
	"encoding/json"
	"fmt"
)

// PolicyType is ValidatePolicy's policyType.
type PolicyType string

// The policy types ValidatePolicy accepts.
const (
	IdentityPolicy        PolicyType = "IDENTITY_POLICY"
	ResourcePolicy        PolicyType = "RESOURCE_POLICY"
	ServiceControlPolicy  PolicyType = "SERVICE_CONTROL_POLICY"
	ResourceControlPolicy PolicyType = "RESOURCE_CONTROL_POLICY"
)

// ResourceType is ValidatePolicy's validatePolicyResourceType: the kind of resource a
// RESOURCE_POLICY is meant for, which adds the checks that only apply to it.
type ResourceType string

// The resource types ValidatePolicy accepts.
const (
	S3Bucket                  ResourceType = "AWS::S3::Bucket"
	S3AccessPoint             ResourceType = "AWS::S3::AccessPoint"
	S3MultiRegionAccessPoint  ResourceType = "AWS::S3::MultiRegionAccessPoint"
	S3ObjectLambdaAccessPoint ResourceType = "AWS::S3ObjectLambda::AccessPoint"
	IAMAssumeRolePolicyDoc    ResourceType = "AWS::IAM::AssumeRolePolicyDocument"
	DynamoDBTable             ResourceType = "AWS::DynamoDB::Table"
)

// FindingType is the impact of a finding. The reference's "General warning" is WARNING on
// the wire.
type FindingType string

// The finding types, in the order of the reference.
const (
	Error           FindingType = "ERROR"
	SecurityWarning FindingType = "SECURITY_WARNING"
	Warning         FindingType = "WARNING"
	Suggestion      FindingType = "SUGGESTION"
)

// Blocking reports whether a finding of this type should fail a CI gate: errors (the policy
// does not work as written) and security warnings (it grants more than it seems to).
func (t FindingType) Blocking() bool { return t == Error || t == SecurityWarning }

// Finding is one ValidatePolicyFinding.
type Finding struct {
	FindingDetails string      `json:"findingDetails"`
	FindingType    FindingType `json:"findingType"`
	IssueCode      string      `json:"issueCode"`
	LearnMoreLink  string      `json:"learnMoreLink"`
	Locations      []Location  `json:"locations"`
}

// Location is a place in the policy: a path through its JSON and the span of text it names.
type Location struct {
	Path []PathElement `json:"path"`
	Span Span          `json:"span"`
}

// Span is a range of the policy text: Start inclusive, End exclusive.
type Span struct {
	End   Position `json:"end"`
	Start Position `json:"start"`
}

// Position is a point in the policy text as AWS counts it: Line from 1, Column from 0 and
// Offset from 0, columns and offsets in UTF-16 code units (a character outside the Basic
// Multilingual Plane counts two).
type Position struct {
	Column int `json:"column"`
	Line   int `json:"line"`
	Offset int `json:"offset"`
}

func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// PathKind says which of the union's members a PathElement is.
type PathKind uint8

// The members of the PathElement union.
const (
	// PathValue steps into the value of an object member (Name is the key).
	PathValue PathKind = iota
	// PathKey names an object member's key itself (Name is the key).
	PathKey
	// PathIndex steps into an array element (Index).
	PathIndex
	// PathSubstring names part of a string: Start and Length in characters of its value.
	PathSubstring
)

// PathElement is one step of a Location's path, a union on the wire: {"value": "Statement"},
// {"key": "aws:username"}, {"index": 0} or {"substring": {"start": 4, "length": 7}}.
type PathElement struct {
	Kind          PathKind
	Name          string
	Index         int
	Start, Length int
}

// MarshalJSON writes the union member that Kind selects.
func (e PathElement) MarshalJSON() ([]byte, error) {
	switch e.Kind {
	case PathKey:
		return json.Marshal(struct {
			Key string `json:"key"`
		}{e.Name})
	case PathIndex:
		return json.Marshal(struct {
			Index int `json:"index"`
		}{e.Index})
	case PathSubstring:
		type sub struct {
			Start  int `json:"start"`
			Length int `json:"length"`
		}
		return json.Marshal(struct {
			Substring sub `json:"substring"`
		}{sub{e.Start, e.Length}})
	}
	return json.Marshal(struct {
		Value string `json:"value"`
	}{e.Name})
}

// UnmarshalJSON reads any member of the union.
func (e *PathElement) UnmarshalJSON(data []byte) error {
	var u struct {
		Index     *int    `json:"index"`
		Key       *string `json:"key"`
		Value     *string `json:"value"`
		Substring *struct {
			Start  int `json:"start"`
			Length int `json:"length"`
		} `json:"substring"`
	}
	if err := json.Unmarshal(data, &u); err != nil {
		return err
	}
	switch {
	case u.Index != nil:
		*e = PathElement{Kind: PathIndex, Index: *u.Index}
	case u.Key != nil:
		*e = PathElement{Kind: PathKey, Name: *u.Key}
	case u.Value != nil:
		*e = PathElement{Kind: PathValue, Name: *u.Value}
	case u.Substring != nil:
		*e = PathElement{Kind: PathSubstring, Start: u.Substring.Start, Length: u.Substring.Length}
	default:
		return fmt.Errorf("analysis: path element %s names no member", data)
	}
	return nil
}

func (e PathElement) String() string {
	switch e.Kind {
	case PathKey:
		return "key(" + e.Name + ")"
	case PathIndex:
		return fmt.Sprintf("[%d]", e.Index)
	case PathSubstring:
		return fmt.Sprintf("substring(%d,%d)", e.Start, e.Length)
	}
	return e.Name
}

// Options are ValidatePolicy's inputs besides the document.
type Options struct {
	PolicyType PolicyType
	// ResourceType is validatePolicyResourceType; only RESOURCE_POLICY takes one.
	ResourceType ResourceType
}

// InputError is a request ValidatePolicy rejects before looking at the document (the
// service answers it with ValidationException).
type InputError struct {
	Field, Message string
}

func (e *InputError) Error() string { return "analysis: " + e.Field + ": " + e.Message }
