package policies

import (
	"context"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListPolicyVersions lists a managed policy's versions, newest first, without documents. A
// customer policy has at most five and an AWS managed one a bounded history in the catalog,
// so the page is cut from the full list; the marker is the position of the next version.
func (s *Policies) ListPolicyVersions(ctx context.Context, in *iamwire.ListPolicyVersionsInput) (*iamwire.ListPolicyVersionsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.readablePolicy(ctx, call, "iam:ListPolicyVersions", in.PolicyArn, errNoSuchPolicy)
	if err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	all := []iamwire.PolicyVersion{}
	if r.aws != nil {
		vs, err := r.aws.Versions()
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			all = append(all, wireVersion(v.ID, v.IsDefault, v.CreateDate, nil))
		}
	} else {
		err = s.Store.View(ctx, func(tx store.Tx) error {
			vs, err := tx.Policies().Versions(ctx, r.cust.ID)
			if core.IsNotFound(err) {
				return noSuchPolicy(r.arn)
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
}
