package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Policies is the policies family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Policies struct {
	*core.Base
}

// Operations is the policies family's table: one row per operation (package op), run through
// op.Op.Run's one path (begin → resolve → authorize → not found → handle).
var Operations = op.Table{
	createPolicy, getPolicy, deletePolicy, listPolicies,
	createPolicyVersion, getPolicyVersion, deletePolicyVersion, listPolicyVersions, setDefaultPolicyVersion,
	attachUserPolicy, attachGroupPolicy, attachRolePolicy, detachUserPolicy, detachGroupPolicy, detachRolePolicy,
	listAttachedUserPolicies, listAttachedGroupPolicies, listAttachedRolePolicies, listEntitiesForPolicy,
	putUserPermissionsBoundary, putRolePermissionsBoundary, deleteUserPermissionsBoundary, deleteRolePermissionsBoundary,
	putGroupPolicy, putRolePolicy, getGroupPolicy, getRolePolicy, deleteGroupPolicy, deleteRolePolicy,
	listGroupPolicies, listRolePolicies,
	tagPolicy, untagPolicy, listPolicyTags,
	getAccountAuthorizationDetails, listPoliciesGrantingServiceAccess,
}

// CreatePolicy creates a customer managed policy whose document becomes its default version
// v1. The answer leaves out the description, as AWS's does.
var createPolicy = &op.Op[*Policies, iamwire.CreatePolicyInput, iamwire.CreatePolicyOutput, op.None]{
	Name: "CreatePolicy", Action: "iam:CreatePolicy",
	Resolve: core.Created[*Policies]("policy", func(in *iamwire.CreatePolicyInput) *string { return in.Path },
		func(in *iamwire.CreatePolicyInput) string { return in.PolicyName }),
	Keys: []op.KeySource[iamwire.CreatePolicyInput]{core.NewTags(func(in *iamwire.CreatePolicyInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.CreatePolicyInput, op.None]) (*iamwire.CreatePolicyOutput, error) {
		in, account := r.In, r.Account()
		if err := checkPolicyTags(in.Tags, nil); err != nil {
			return nil, err
		}
		if err := checkManagedDocument(in.PolicyDocument); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixManagedPolicy)
		if err != nil {
			return nil, err
		}
		now := s.Timestamp()
		p := store.ManagedPolicy{AccountID: account, ID: id, Name: in.PolicyName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			Description: core.Optional(in.Description), DefaultVersionID: "v1", IsAttachable: true, Created: now, Updated: now}
		tags := core.StoreTags(in.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(iamerr.PolicyExists.Err(in.PolicyName),
				func() error { _, err := tx.Policies().Get(ctx, account, in.PolicyName); return err },
				core.CreateTagged(ctx, tx, store.Resource{Kind: store.KindPolicy, Key: p.ARN}, tags,
					func() error { return tx.Policies().Create(ctx, p, in.PolicyDocument) }),
				core.Quota(ctx, tx, account, func(sum store.AccountSummary) int { return sum.Policies }, MaxPoliciesPerAccount, quotaPoliciesPerAcct))
		})
		if err != nil {
			return nil, err
		}
		out := wireCustomer(&p, tags, formCreate)
		return &iamwire.CreatePolicyOutput{Policy: &out}, nil
	}}

// GetPolicy returns a managed policy: a customer managed one of the caller's account with its
// description and tags, or an AWS managed one from the catalog with its uses in the caller's
// account.
var getPolicy = &op.Op[*Policies, iamwire.GetPolicyInput, iamwire.GetPolicyOutput, *policyRef]{
	Name: "GetPolicy", Action: "iam:GetPolicy",
	Resolve: policyAt(func(in *iamwire.GetPolicyInput) string { return in.PolicyArn }, reads, missingAs[iamwire.GetPolicyInput](iamerr.NoSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.GetPolicyInput, *policyRef]) (*iamwire.GetPolicyOutput, error) {
		p := r.Entity()
		if p.cust != nil {
			out := wireCustomer(p.cust, p.tags, formGet)
			return &iamwire.GetPolicyOutput{Policy: &out}, nil
		}
		u, err := core.Read(ctx, s.Store, func(tx store.Tx) (store.PolicyUsage, error) {
			return tx.Attachments().Usage(ctx, r.Account(), p.arn)
		})
		if err != nil {
			return nil, err
		}
		out := wireAWS(p.aws, u, formGet)
		return &iamwire.GetPolicyOutput{Policy: &out}, nil
	}}

// DeletePolicy deletes a customer managed policy with its default version. IAM refuses
// (DeleteConflict) while the policy is attached to a user, group or role or bounds one, and
// while it has versions besides the default.
var deletePolicy = &op.Op[*Policies, iamwire.DeletePolicyInput, iamwire.DeletePolicyOutput, *policyRef]{
	Name: "DeletePolicy", Action: "iam:DeletePolicy",
	Resolve: policyAt(func(in *iamwire.DeletePolicyInput) string { return in.PolicyArn }, changes, missingAs[iamwire.DeletePolicyInput](iamerr.PolicyNotFound)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.DeletePolicyInput, *policyRef]) (*iamwire.DeletePolicyOutput, error) {
		notFound := func(arn string) error { return iamerr.PolicyNotFound.Err(arn) }
		return core.Done[iamwire.DeletePolicyOutput](s.changeCust(ctx, r.In.PolicyArn, notFound,
			func(tx store.Tx, p store.ManagedPolicy) error {
				d, err := tx.Policies().Dependents(ctx, p.ID)
				if err != nil {
					return err
				}
				switch {
				case d.Usage.Attachments > 0 || d.Usage.Boundaries > 0:
					return iamerr.PolicyInUse.Err()
				case d.NonDefaultVersions > 0:
					return iamerr.PolicyHasVersions.Err()
				}
				return tx.Policies().Delete(ctx, p.ID)
			}))
	}}

// ListPolicies lists the managed policies available to the account: the AWS managed ones of
// the catalog and the account's own, merged in policy-ID order as IAM lists them, filtered by
// Scope, PathPrefix and OnlyAttached (narrowed by PolicyUsageFilter). The marker is the last
// policy ID, so a page costs the same wherever it starts.
var listPolicies = &op.Op[*Policies, iamwire.ListPoliciesInput, iamwire.ListPoliciesOutput, op.None]{
	Name: "ListPolicies", Action: "iam:ListPolicies",
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListPoliciesInput, op.None]) (*iamwire.ListPoliciesOutput, error) {
		in, account := r.In, r.Account()
		o, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		scope := iamwire.PolicyScopeTypeAll
		if in.Scope != nil {
			scope = *in.Scope
		}
		lo := store.PolicyListOptions{ListOptions: o, OnlyAttached: in.OnlyAttached != nil && *in.OnlyAttached}
		if in.PathPrefix != nil {
			lo.PathPrefix = *in.PathPrefix
		}
		if in.PolicyUsageFilter != nil {
			lo.Usage = store.PolicyUsageFilter(*in.PolicyUsageFilter)
		}
		var cust []store.ManagedPolicy
		var custMore bool
		var usage map[string]store.PolicyUsage
		err = s.Store.View(ctx, func(tx store.Tx) error {
			var err error
			if scope != iamwire.PolicyScopeTypeAws {
				if cust, custMore, err = tx.Policies().ListByID(ctx, account, lo); err != nil {
					return err
				}
			}
			if scope != iamwire.PolicyScopeTypeLocal {
				usage, err = tx.Attachments().UsageByARN(ctx, account)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		limit := lo.Limit
		if limit < 1 || limit > store.MaxListLimit {
			limit = store.MaxListLimit
		}
		var aws []iamwire.Policy
		awsMore := false
		if scope != iamwire.PolicyScopeTypeLocal {
			aws, awsMore = awsPage(lo, usage, limit)
		}
		return mergePolicies(aws, awsMore, cust, custMore, limit), nil
	}}

// awsPage is the page of AWS managed policies (in ID order, after lo.After) that lo selects,
// at most limit, and whether more follow.
func awsPage(lo store.PolicyListOptions, usage map[string]store.PolicyUsage, limit int) ([]iamwire.Policy, bool) {
	var aws []iamwire.Policy
	for _, p := range catalogAfter(lo.After) {
		if lo.PathPrefix != "" && !strings.HasPrefix(p.Path, lo.PathPrefix) {
			continue
		}
		u := usage[p.ARN]
		if lo.OnlyAttached && !inUse(u, lo.Usage) {
			continue
		}
		if len(aws) == limit {
			return aws, true
		}
		aws = append(aws, wireAWS(p, u, formList))
	}
	return aws, false
}

// mergePolicies merges the two ID-ordered runs of AWS and customer managed policies into one
// page of at most limit.
func mergePolicies(aws []iamwire.Policy, awsMore bool, cust []store.ManagedPolicy, custMore bool, limit int) *iamwire.ListPoliciesOutput {
	out := &iamwire.ListPoliciesOutput{Policies: make([]iamwire.Policy, 0, min(limit, 100))}
	i, j := 0, 0
	for len(out.Policies) < limit && (i < len(aws) || j < len(cust)) {
		if j == len(cust) || (i < len(aws) && *aws[i].PolicyId < cust[j].ID) {
			out.Policies = append(out.Policies, aws[i])
			i++
		} else {
			out.Policies = append(out.Policies, wireCustomer(&cust[j], nil, formList))
			j++
		}
	}
	more := awsMore || custMore || i < len(aws) || j < len(cust)
	last := ""
	if n := len(out.Policies); n > 0 {
		last = *out.Policies[n-1].PolicyId
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out
}

// inUse reports whether a policy with usage u is in use in the way f names.
func inUse(u store.PolicyUsage, f store.PolicyUsageFilter) bool {
	switch f {
	case store.UsagePermissions:
		return u.Attachments > 0
	case store.UsageBoundary:
		return u.Boundaries > 0
	}
	return u.Attachments > 0 || u.Boundaries > 0
}
