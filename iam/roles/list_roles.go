package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListRoles lists the account's roles whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each role's boundary, tags and
// RoleLastUsed.
func (s *Roles) ListRoles(ctx context.Context, in *iamwire.ListRolesInput) (*iamwire.ListRolesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	prefix := "/"
	if in.PathPrefix != nil {
		prefix = *in.PathPrefix
	}
	if err := s.Authorize(ctx, call, "iam:ListRoles", "arn:aws:iam::"+account+":role"+prefix); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	o.PathPrefix = prefix
	var rs []store.Role
	var trust map[string]string
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		rs, more, err = tx.Roles().List(ctx, account, o)
		if err != nil {
			return err
		}
		trust, err = core.EffectiveTrust(ctx, tx, rs)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListRolesOutput{Roles: make([]iamwire.Role, len(rs))}
	for i := range rs {
		out.Roles[i] = listedRole(&rs[i], trust[rs[i].ID])
	}
	last := ""
	if len(rs) > 0 {
		last = rs[len(rs)-1].Name
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
