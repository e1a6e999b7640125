package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetPolicyVersion returns a version of a managed policy with its document URL-encoded; AWS
// managed policies' older versions come from the catalog's history.
var getPolicyVersion = &op.Op[*Policies, iamwire.GetPolicyVersionInput, iamwire.GetPolicyVersionOutput, *policyRef]{
	Name: "GetPolicyVersion", Action: "iam:GetPolicyVersion",
	Resolve: policyAt(func(in *iamwire.GetPolicyVersionInput) string { return in.PolicyArn }, reads,
		func(in *iamwire.GetPolicyVersionInput, arn string) error { return noSuchVersion(arn, in.VersionId) }),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.GetPolicyVersionInput, *policyRef]) (*iamwire.GetPolicyVersionOutput, error) {
		in, p := r.In, r.Entity()
		notFound := func(arn string) error { return noSuchVersion(arn, in.VersionId) }
		var out iamwire.PolicyVersion
		if p.aws != nil {
			doc, ok, err := p.aws.VersionDocument(in.VersionId)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, notFound(p.arn)
			}
			vs, err := p.aws.Versions()
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
		err := s.Store.View(ctx, func(tx store.Tx) error {
			v, err := tx.Policies().GetVersion(ctx, p.cust.ID, in.VersionId)
			if core.IsNotFound(err) {
				return notFound(p.arn)
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
	}}

func (s *Policies) GetPolicyVersion(ctx context.Context, in *iamwire.GetPolicyVersionInput) (*iamwire.GetPolicyVersionOutput, error) {
	return getPolicyVersion.Run(ctx, s, in)
}
