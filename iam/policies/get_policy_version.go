package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetPolicyVersion returns a version of a managed policy with its document URL-encoded; AWS
// managed policies' older versions come from the catalog's history.
func (s *Policies) GetPolicyVersion(ctx context.Context, in *iamwire.GetPolicyVersionInput) (*iamwire.GetPolicyVersionOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	notFound := func(arn string) error { return noSuchVersion(arn, in.VersionId) }
	r, err := s.readablePolicy(ctx, call, "iam:GetPolicyVersion", in.PolicyArn, notFound)
	if err != nil {
		return nil, err
	}
	var out iamwire.PolicyVersion
	if r.aws != nil {
		doc, ok, err := r.aws.VersionDocument(in.VersionId)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, notFound(r.arn)
		}
		vs, err := r.aws.Versions()
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.ID == in.VersionId {
				out = wireVersion(v.ID, v.IsDefault, v.CreateDate, &doc)
			}
		}
		return &iamwire.GetPolicyVersionOutput{PolicyVersion: &out}, nil
	}
	err = s.Store.View(ctx, func(tx store.Tx) error {
		v, err := tx.Policies().GetVersion(ctx, r.cust.ID, in.VersionId)
		if core.IsNotFound(err) {
			return notFound(r.arn)
		}
		if err != nil {
			return err
		}
		out = wireVersion(v.VersionID, v.IsDefault, v.Created, &v.Document)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.GetPolicyVersionOutput{PolicyVersion: &out}, nil
}
