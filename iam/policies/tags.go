package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// policyTagging is the customer managed policy as a taggable kind (core.Taggable): TagPolicy,
// UntagPolicy and ListPolicyTags are its rows. A policy is authorized as policyAt says
// (another account's policy in its own account; AWS managed ones readable by everyone and
// changeable by no one); an AWS managed policy has no tags and cannot be tagged, which is
// answered as for a policy the account does not have. The policy resource type has only the
// global aws:ResourceTag/… (Service Authorization Reference), and AWS words its duplicate-key
// error without the note on case (checkPolicyTags).
var policyTagging = &core.Taggable[*Policies]{
	Prefixes: []string{"aws:ResourceTag"},
	Check:    checkPolicyTags,
	Lookup: func(ctx context.Context, tx store.Tx, _, policyARN string) (string, store.Resource, error) {
		p, err := tx.Policies().GetByARN(ctx, policyARN)
		return p.ARN, store.Resource{Kind: store.KindPolicy, Key: p.ARN}, err
	},
	Missing: func(_, policyARN string) (string, *awserr.Error) {
		return policyARN, iamerr.PolicyNotFound.Err(policyARN)
	},
	Find: func(s *Policies, ctx context.Context, call *callctx.Call, policyARN string, change bool) (op.Target[core.Tagged], error) {
		r, err := s.findPolicy(ctx, call.Caller.AccountID, policyARN)
		if err != nil {
			return op.Target[core.Tagged]{}, err
		}
		t := op.Target[core.Tagged]{ARN: r.arn, Account: r.owner(call.Caller.AccountID, policyUse(change)), Keys: policyTagKeys(r.tags)}
		switch {
		case r.cust != nil:
			t.Entity = core.Tagged{Resource: store.Resource{Kind: store.KindPolicy, Key: r.cust.ARN}, Tags: r.tags}
		case r.aws == nil || change:
			t.Missing = iamerr.PolicyNotFound.Err(policyARN)
		}
		return t, nil
	},
}

var tagPolicy = core.TagRow[*Policies, iamwire.TagPolicyInput, iamwire.TagPolicyOutput](policyTagging, "TagPolicy",
	func(in *iamwire.TagPolicyInput) (string, []iamwire.Tag) { return in.PolicyArn, in.Tags })

var untagPolicy = core.UntagRow[*Policies, iamwire.UntagPolicyInput, iamwire.UntagPolicyOutput](policyTagging, "UntagPolicy",
	func(in *iamwire.UntagPolicyInput) (string, []string) { return in.PolicyArn, in.TagKeys })

var listPolicyTags = core.ListTagsRow[*Policies, iamwire.ListPolicyTagsInput, iamwire.ListPolicyTagsOutput](policyTagging, "ListPolicyTags",
	func(in *iamwire.ListPolicyTagsInput) (string, *string, *int32) {
		return in.PolicyArn, in.Marker, in.MaxItems
	})
