package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListEntitiesForPolicy lists the groups, roles and users a managed policy is attached to or
// bounds, filtered by kind (EntityFilter: the policy kinds select nothing), by the entities'
// path and by PolicyUsageFilter. The listing runs by kind and name; the marker is the last
// entity's kind and name.
var listEntitiesForPolicy = &op.Op[*Policies, iamwire.ListEntitiesForPolicyInput, iamwire.ListEntitiesForPolicyOutput, *policyRef]{
	Name: "ListEntitiesForPolicy", Action: "iam:ListEntitiesForPolicy",
	Resolve: policyAt(func(in *iamwire.ListEntitiesForPolicyInput) string { return in.PolicyArn }, reads,
		missingAs[iamwire.ListEntitiesForPolicyInput](noSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListEntitiesForPolicyInput, *policyRef]) (*iamwire.ListEntitiesForPolicyOutput, error) {
		in, p := r.In, r.Entity()
		page, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		o := store.EntityListOptions{PathPrefix: core.Optional(in.PathPrefix), Limit: page.Limit}
		if in.PolicyUsageFilter != nil {
			o.Usage = store.PolicyUsageFilter(*in.PolicyUsageFilter)
		}
		if page.After != "" {
			kind, name, ok := strings.Cut(page.After, "/")
			if !ok {
				return nil, core.InvalidMarker()
			}
			o.After = &store.PolicyEntity{Kind: store.PrincipalKind(kind), Name: name}
		}
		out := &iamwire.ListEntitiesForPolicyOutput{PolicyGroups: []iamwire.PolicyGroup{}, PolicyRoles: []iamwire.PolicyRole{},
			PolicyUsers: []iamwire.PolicyUser{}}
		none := false
		if in.EntityFilter != nil {
			switch *in.EntityFilter {
			case iamwire.EntityTypeUser:
				o.Kind = store.PrincipalUser
			case iamwire.EntityTypeGroup:
				o.Kind = store.PrincipalGroup
			case iamwire.EntityTypeRole:
				o.Kind = store.PrincipalRole
			default:
				none = true
			}
		}
		var es []store.PolicyEntity
		var more bool
		if !none {
			err = s.Store.View(ctx, func(tx store.Tx) error {
				es, more, err = tx.Attachments().Entities(ctx, r.Account(), p.arn, o)
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		for _, e := range es {
			switch e.Kind {
			case store.PrincipalGroup:
				out.PolicyGroups = append(out.PolicyGroups, iamwire.PolicyGroup{GroupName: ptr(e.Name), GroupId: ptr(e.ID)})
			case store.PrincipalRole:
				out.PolicyRoles = append(out.PolicyRoles, iamwire.PolicyRole{RoleName: ptr(e.Name), RoleId: ptr(e.ID)})
			case store.PrincipalUser:
				out.PolicyUsers = append(out.PolicyUsers, iamwire.PolicyUser{UserName: ptr(e.Name), UserId: ptr(e.ID)})
			}
		}
		last := ""
		if len(es) > 0 {
			last = string(es[len(es)-1].Kind) + "/" + es[len(es)-1].Name
		}
		out.Marker, out.IsTruncated = core.NextMarker(more, last)
		return out, nil
	}}

func (s *Policies) ListEntitiesForPolicy(ctx context.Context, in *iamwire.ListEntitiesForPolicyInput) (*iamwire.ListEntitiesForPolicyOutput, error) {
	return listEntitiesForPolicy.Run(ctx, s, in)
}
