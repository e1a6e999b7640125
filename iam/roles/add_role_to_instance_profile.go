package roles

import (
	"cmp"
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AddRoleToInstanceProfile puts a role in an instance profile, which holds at most one
// (LimitExceeded). Besides iam:AddRoleToInstanceProfile on the profile, the caller needs
// iam:PassRole on the role ("The caller of this operation must be granted the PassRole
// permission on the IAM role by a permissions policy", AddRoleToInstanceProfile in the IAM API
// Reference): whoever can launch an instance with the profile acts as the role. Both are
// authorized before the request reveals whether either exists. Service-linked roles belong to
// their service and cannot be added (UnmodifiableEntity).
var addRoleToInstanceProfile = profileRoleRow[iamwire.AddRoleToInstanceProfileInput, iamwire.AddRoleToInstanceProfileOutput]("AddRoleToInstanceProfile",
	func(in *iamwire.AddRoleToInstanceProfileInput) (string, string) {
		return in.InstanceProfileName, in.RoleName
	}, true,
	func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error {
		if len(p.Roles) >= MaxRolesPerInstanceProfile {
			return core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile)
		}
		if err := tx.InstanceProfiles().AddRole(ctx, p.ID, r.ID); errors.Is(err, store.ErrAlreadyExists) {
			return core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile)
		} else if err != nil {
			return err
		}
		return nil
	})

func (s *Roles) AddRoleToInstanceProfile(ctx context.Context, in *iamwire.AddRoleToInstanceProfileInput) (*iamwire.AddRoleToInstanceProfileOutput, error) {
	return addRoleToInstanceProfile.Run(ctx, s, in)
}

// profileRole is an instance profile and a role, as found for AddRoleToInstanceProfile and
// RemoveRoleFromInstanceProfile.
type profileRole struct {
	profile op.Target[*profile]
	role    op.Target[*role]
}

// profileRoleRow is AddRoleToInstanceProfile or RemoveRoleFromInstanceProfile: authorized on
// the profile and, with passRole, iam:PassRole on the role, both before the request reveals
// whether either exists; a service-linked role belongs to its service (UnmodifiableEntity).
// args returns the profile's and the role's names; change makes the change on both as they are
// in the write transaction.
func profileRoleRow[In, Out any](name string, args func(*In) (string, string), passRole bool,
	change func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error) *op.Op[*Roles, In, Out, profileRole] {
	o := &op.Op[*Roles, In, Out, profileRole]{Name: name, Action: "iam:" + name,
		Resolve: op.Resolver[*Roles, In, profileRole]{Keys: profiles.Keys,
			Find: func(s *Roles, ctx context.Context, call *callctx.Call, in *In) (op.Target[profileRole], error) {
				pn, rn := args(in)
				p, err := profiles.Find(ctx, s.Store, call.Caller.AccountID, pn)
				if err != nil {
					return op.Target[profileRole]{}, err
				}
				r, err := roles.Find(ctx, s.Store, call.Caller.AccountID, rn)
				return op.Target[profileRole]{ARN: p.ARN, Keys: p.Keys, Entity: profileRole{profile: p, role: r}}, err
			}},
		Handle: func(s *Roles, ctx context.Context, r *op.Request[In, profileRole]) (*Out, error) {
			pr := r.Entity()
			if passRole {
				t := pr.role
				if err := r.AuthorizeOther(ctx, authz.Request{Action: "iam:PassRole", Resource: t.ARN, Keys: t.Keys}); err != nil {
					return nil, err
				}
			}
			if err := cmp.Or(pr.profile.Missing, pr.role.Missing); err != nil {
				return nil, err
			}
			if err := core.CheckRoleModifiable(&pr.role.Entity.Role); err != nil {
				return nil, err
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				cur, err := profileInTx(ctx, tx, pr.profile.Entity)
				if err != nil {
					return err
				}
				role, err := roleInTx(ctx, tx, pr.role.Entity)
				if err != nil {
					return err
				}
				return change(ctx, tx, cur, role)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
	if passRole {
		o.Also = []string{"iam:PassRole"}
	}
	return o
}
