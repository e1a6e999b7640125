package policies

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPolicyVersions lists a managed policy's versions, newest first, without documents. A
// customer policy has at most five and an AWS managed one a bounded history in the catalog,
// so the page is cut from the full list; the marker is the position of the next version.
var listPolicyVersions = &op.Op[*Policies, iamwire.ListPolicyVersionsInput, iamwire.ListPolicyVersionsOutput, *policyRef]{
	Name: "ListPolicyVersions", Action: "iam:ListPolicyVersions",
	Resolve: policyAt(func(in *iamwire.ListPolicyVersionsInput) string { return in.PolicyArn }, reads,
		missingAs[iamwire.ListPolicyVersionsInput](noSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListPolicyVersionsInput, *policyRef]) (*iamwire.ListPolicyVersionsOutput, error) {
		in, p := r.In, r.Entity()
		o, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		all := []iamwire.PolicyVersion{}
		if p.aws != nil {
			vs, err := p.aws.Versions()
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				all = append(all, wireVersion(v.ID, v.IsDefault, v.CreateDate, nil))
			}
		} else {
			err = s.Store.View(ctx, func(tx store.Tx) error {
				vs, err := tx.Policies().Versions(ctx, p.cust.ID)
				if core.IsNotFound(err) {
					return noSuchPolicy(p.arn)
				}
				for _, v := range vs {
					all = append(all, wireVersion(v.VersionID, v.IsDefault, v.Created, nil))
				}
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		start := 0
		if o.After != "" {
			if start, err = strconv.Atoi(o.After); err != nil || start < 0 || start > len(all) {
				return nil, core.InvalidMarker()
			}
		}
		end := min(start+o.Limit, len(all))
		out := &iamwire.ListPolicyVersionsOutput{Versions: all[start:end]}
		out.Marker, out.IsTruncated = core.NextMarker(end < len(all), strconv.Itoa(end))
		return out, nil
	}}

func (s *Policies) ListPolicyVersions(ctx context.Context, in *iamwire.ListPolicyVersionsInput) (*iamwire.ListPolicyVersionsOutput, error) {
	return listPolicyVersions.Run(ctx, s, in)
}
