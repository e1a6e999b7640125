package policy

// IAM's own validator. IAM (and STS, for session policies) checks a policy document in stages
// and answers MalformedPolicyDocument with the message of the first stage that fails:
//
//  1. JSON syntax, element names and value types: "Syntax errors in policy." (a missing
//     Statement or Effect included; an unknown condition operator only when it has keys);
//  2. Version: managed policies must be 2012-10-17 ("Policy document must be version 2012-10-17
//     or greater."); inline, trust and session policies also take 2008-10-17 or none;
//  3. "legacy parsing" ("The policy failed legacy parsing"): Effect in the wrong case, condition
//     values that do not parse (dates), resources shaped like no ARN (arn:aws:s3::bucket);
//  4. Sid characters and uniqueness;
//  5. a Principal in a policy that takes none, then Action, then Resource presence;
//  6. resource ARNs: partition, service ("Resource vendor must be fully qualified…"), region of
//     IAM and S3 resources, IAM resource paths;
//  7. action names: vendor prefix, one colon, vendor characters ("Vendor a a is not valid").
//
// The order and the messages are AWS's as recorded in real responses: LocalStack's
// AWS-validated snapshot tests/aws/services/iam/test_iam_policies.snapshot.json (recorded
// against AWS in February 2026: 78 refused and 51 accepted documents) and moto's
// tests/test_iam/test_iam_policies.py, written against AWS. Notably legacy parsing comes before
// Sid uniqueness (a document with a duplicate Sid and "Effect": "aLLow" fails legacy parsing),
// and Resource presence before action names. TestCheckIAM replays those documents.
//
// What IAM accepts, Parse accepts too, reporting at most a warning; what IAM refuses, Parse
// reports as an Error. IAM's answer for a document is the Error that ValidationError.First
// returns, and what CheckIAM returns.

// IAMUse is where a policy document reaches IAM or STS, which decides the rules it must follow.
type IAMUse uint8

const (
	// IAMManaged is a customer managed policy: CreatePolicy, CreatePolicyVersion. It must
	// say Version 2012-10-17. A permissions boundary is a managed policy, named by its ARN.
	IAMManaged IAMUse = iota + 1
	// IAMInline is an inline identity policy: PutUserPolicy, PutGroupPolicy, PutRolePolicy.
	IAMInline
	// IAMTrust is a role trust policy: CreateRole, UpdateAssumeRolePolicy.
	IAMTrust
	// IAMSession is an inline session policy: the Policy parameter of STS AssumeRole,
	// AssumeRoleWithSAML, AssumeRoleWithWebIdentity and GetFederationToken.
	IAMSession
)

// IAMPartition is the partition of the accounts Gatehouse serves. Resource ARNs in the
// policies IAM stores must name it, or "*" (Partition "x" is not valid for resource …).
const IAMPartition = "aws"

var useNames = [...]string{IAMManaged: "managed", IAMInline: "inline", IAMTrust: "trust", IAMSession: "session"}

func (u IAMUse) String() string {
	if u >= IAMManaged && int(u) < len(useNames) {
		return useNames[u]
	}
	return "IAMUse(?)"
}

// kind is the policy kind of the documents IAM receives through u.
func (u IAMUse) kind() Kind {
	switch u {
	case IAMManaged:
		return Boundary
	case IAMTrust:
		return RoleTrust
	case IAMSession:
		return Session
	}
	return Identity
}

// iamUse is the IAM rule set Parse applies to a kind: identity documents as inline policies
// (the laxer Version rule), permissions boundaries as the managed policies they are. Kinds IAM
// does not store have none.
func (k Kind) iamUse() IAMUse {
	switch k {
	case Identity:
		return IAMInline
	case Boundary:
		return IAMManaged
	case RoleTrust:
		return IAMTrust
	case Session:
		return IAMSession
	}
	return 0
}

// CheckIAM validates a policy document as IAM does where use receives it, and returns the
// problem IAM answers MalformedPolicyDocument with (its Message is AWS's message, its Pos and
// Path locate the cause), or nil when IAM accepts the document. Size quotas are not checked:
// each operation answers those with its own LimitExceeded error.
func CheckIAM(data []byte, use IAMUse) *Problem {
	if use < IAMManaged || int(use) >= len(useNames) {
		return &Problem{Severity: Error, Pos: docStart, Message: msgSyntax, Detail: "unknown IAM use"}
	}
	p := &parser{kind: use.kind(), use: use, data: data}
	p.parse()
	p.sort()
	i := p.reported(false)
	if i < 0 {
		return nil
	}
	pr := p.problems[i]
	return &pr
}
