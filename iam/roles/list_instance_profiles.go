package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListInstanceProfiles lists the account's instance profiles whose path starts with
// PathPrefix, ordered by name without regard to case, each with its role.
func (s *Roles) ListInstanceProfiles(ctx context.Context, in *iamwire.ListInstanceProfilesInput) (*iamwire.ListInstanceProfilesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	prefix := "/"
	if in.PathPrefix != nil {
		prefix = *in.PathPrefix
	}
	if err := s.Authorize(ctx, call, "iam:ListInstanceProfiles", "arn:aws:iam::"+account+":instance-profile"+prefix); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	o.PathPrefix = prefix
	var ps []store.InstanceProfile
	var trust map[string]string
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ps, more, err = tx.InstanceProfiles().List(ctx, account, o)
		if err != nil {
			return err
		}
		trust, err = profilesTrust(ctx, tx, ps)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListInstanceProfilesOutput{}
	out.InstanceProfiles, out.Marker, out.IsTruncated = profilePage(ps, trust, more)
	return out, nil
}

// profilePage is a page of listed profiles with its Marker and IsTruncated.
func profilePage(ps []store.InstanceProfile, trust map[string]string, more bool) ([]iamwire.InstanceProfile, *string, *bool) {
	out := make([]iamwire.InstanceProfile, len(ps))
	for i := range ps {
		out[i] = wireProfile(&ps[i], trust, nil, false)
	}
	last := ""
	if len(ps) > 0 {
		last = ps[len(ps)-1].Name
	}
	marker, truncated := core.NextMarker(more, last)
	return out, marker, truncated
}
