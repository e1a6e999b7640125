package policies

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreatePolicy creates a customer managed policy whose document becomes its default version
// v1. The answer leaves out the description, as AWS's does.
func (s *Policies) CreatePolicy(ctx context.Context, in *iamwire.CreatePolicyInput) (*iamwire.CreatePolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	policyARN := "arn:aws:iam::" + account + ":policy" + path + in.PolicyName
	if err := s.Authorize(ctx, call, "iam:CreatePolicy", policyARN, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
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
	p := store.ManagedPolicy{AccountID: account, ID: id, Name: in.PolicyName, Path: path, ARN: policyARN,
		Description: core.Optional(in.Description), DefaultVersionID: "v1", IsAttachable: true, Created: now, Updated: now}
	tags := core.StoreTags(in.Tags)
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Policies().Get(ctx, account, in.PolicyName); err == nil {
			return policyExists(in.PolicyName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if sum.Policies >= MaxPoliciesPerAccount {
			return core.QuotaExceeded(quotaPoliciesPerAcct, MaxPoliciesPerAccount)
		}
		if err := tx.Policies().Create(ctx, p, in.PolicyDocument); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return policyExists(in.PolicyName)
			}
			return err
		}
		if len(tags) > 0 {
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindPolicy, Key: p.ARN}, tags)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := wireCustomer(&p, tags, formCreate)
	return &iamwire.CreatePolicyOutput{Policy: &out}, nil
}
