package analysis

import (
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// paramExclusions is SimulatePrincipalPolicy's list of policies to leave out.
const paramExclusions = "PolicyExclusionList"

// exclusions is SimulatePrincipalPolicy's PolicyExclusionList, checked: the policies of the
// simulated entity the simulation leaves out, "to test what the simulation result would be if
// a policy were removed, without changing which policies are actually attached" (IAM API
// Reference, SimulatePrincipalPolicy). Each entry is a union (the wire layer checks that
// exactly one member is set): a policy type, a managed policy's ARN, or an inline policy by
// name and the entity it is embedded in; ARNs and entity names take the wildcards '*' (at most
// one) and '?'. Identifiers that match nothing are ignored, and so are those naming RCPs
// ("Resource control policies (RCPs) are not supported in this release"). The request's own
// policies (PolicyInputList, PermissionsBoundaryPolicyInputList) are never excluded: the list
// is about what is attached.
type exclusions struct {
	types  map[iamwire.PolicyIdentifierPolicyType]bool
	arns   []string
	inline []iamwire.InlinePolicyIdentifierType
}

// readExclusions checks PolicyExclusionList: "Syntactically invalid identifiers, such as
// malformed ARNs or wildcards in disallowed positions, cause the request to fail with an
// InvalidInput error."
func readExclusions(list []iamwire.PolicyIdentifier) (exclusions, *awserr.Error) {
	x := exclusions{types: map[iamwire.PolicyIdentifierPolicyType]bool{}}
	for i, id := range list {
		where := paramExclusions + "." + strconv.Itoa(i+1)
		switch {
		case id.PolicyType != nil:
			x.types[*id.PolicyType] = true
		case id.PolicyArn != nil:
			if !validPolicyPattern(*id.PolicyArn) {
				return exclusions{}, iamerr.InvalidExclusion.Err(where+".PolicyArn", *id.PolicyArn)
			}
			x.arns = append(x.arns, *id.PolicyArn)
		case id.InlinePolicyIdentifier != nil:
			in := *id.InlinePolicyIdentifier
			if strings.ContainsAny(in.PolicyName, "*?") || strings.Count(in.AttachmentName, "*") > 1 {
				return exclusions{}, iamerr.InvalidExclusion.Err(where+".InlinePolicyIdentifier", string(in.AttachmentType)+"/"+in.AttachmentName+"/"+in.PolicyName)
			}
			x.inline = append(x.inline, in)
		}
	}
	return x, nil
}

// validPolicyPattern reports whether s is a managed policy's ARN
// (arn:PARTITION:iam::ACCOUNT-or-aws:policy/PATH/NAME) with wildcards, if any, only in its
// resource name ("Wildcard characters are supported in the resource name portion of the
// ARN …: use at most one *"), read as what follows "policy/".
func validPolicyPattern(s string) bool {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || a.Region != "" || (a.AccountID != "aws" && !arn.IsAccountID(a.AccountID)) ||
		strings.ContainsAny(a.Partition, "*?") {
		return false
	}
	name, ok := strings.CutPrefix(a.Resource, "policy/")
	return ok && name != "" && strings.Count(name, "*") <= 1
}

// excludes reports whether p, one of the entity's own policies, is left out.
func (x *exclusions) excludes(p *sourcePolicy) bool {
	switch {
	case p.ownerKind != "":
		if x.types[iamwire.PolicyIdentifierPolicyTypeInline] {
			return true
		}
		for _, in := range x.inline {
			if string(in.AttachmentType) == p.ownerKind && in.PolicyName == p.name && arn.Glob(in.AttachmentName, p.owner) {
				return true
			}
		}
	case p.arn != "":
		if strings.HasPrefix(p.arn, "arn:aws:iam::aws:") && x.types[iamwire.PolicyIdentifierPolicyTypeAwsManaged] ||
			!strings.HasPrefix(p.arn, "arn:aws:iam::aws:") && x.types[iamwire.PolicyIdentifierPolicyTypeUserManaged] {
			return true
		}
		for _, pattern := range x.arns {
			if arn.Glob(pattern, p.arn) {
				return true
			}
		}
	}
	return false
}

// boundary reports whether the entity's permissions boundary is left out
// ("permission-boundary"). A boundary is set, not attached, so a PolicyArn does not name it
// (unconfirmed: the API reference says the ARN is of a policy "attached to an IAM user,
// group, or role").
func (x *exclusions) boundary() bool {
	return x.types[iamwire.PolicyIdentifierPolicyTypePermissionBoundary]
}

// scps reports whether the SCPs of the entity's organization are left out.
func (x *exclusions) scps() bool { return x.types[iamwire.PolicyIdentifierPolicyTypeScp] }
