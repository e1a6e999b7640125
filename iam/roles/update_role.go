package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateRole changes a role's description and maximum session duration; a parameter left out
// keeps its value (recorded from AWS). A service-linked role's description may change, its
// maximum session duration may not.
var updateRole = updateRoleRow("UpdateRole",
	func(in *iamwire.UpdateRoleInput) (string, *string, *int32) {
		return in.RoleName, in.Description, in.MaxSessionDuration
	},
	func(*role) *iamwire.UpdateRoleOutput { return &iamwire.UpdateRoleOutput{} })

func (s *Roles) UpdateRole(ctx context.Context, in *iamwire.UpdateRoleInput) (*iamwire.UpdateRoleOutput, error) {
	return updateRole.Run(ctx, s, in)
}

// UpdateRoleDescription changes a role's description and returns the role: its basic shape
// and its new description (recorded from AWS).
var updateRoleDescription = updateRoleRow("UpdateRoleDescription",
	func(in *iamwire.UpdateRoleDescriptionInput) (string, *string, *int32) {
		return in.RoleName, &in.Description, nil
	},
	func(r *role) *iamwire.UpdateRoleDescriptionOutput {
		out := basicRole(&r.Role, r.trust)
		if r.Description != "" {
			d := r.Description
			out.Description = &d
		}
		return &iamwire.UpdateRoleDescriptionOutput{Role: &out}
	})

func (s *Roles) UpdateRoleDescription(ctx context.Context, in *iamwire.UpdateRoleDescriptionInput) (*iamwire.UpdateRoleDescriptionOutput, error) {
	return updateRoleDescription.Run(ctx, s, in)
}

// updateRoleRow writes the description and session duration args gives (nil keeps the
// current value) and answers out of the role as updated.
func updateRoleRow[In, Out any](name string, args func(*In) (string, *string, *int32), out func(*role) *Out) *op.Op[*Roles, In, Out, *role] {
	return &op.Op[*Roles, In, Out, *role]{Name: name, Action: "iam:" + name,
		Resolve: roleNamed(func(in *In) string { n, _, _ := args(in); return n }),
		Handle: func(s *Roles, ctx context.Context, r *op.Request[In, *role]) (*Out, error) {
			_, description, maxSession := args(r.In)
			updated := r.Entity()
			if updated.ServiceLinked && maxSession != nil {
				return nil, slrSessionDuration(updated.Name)
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				cur, err := roleInTx(ctx, tx, updated)
				if err != nil {
					return err
				}
				if description != nil {
					cur.Description = *description
				}
				if maxSession != nil {
					cur.MaxSessionDuration = int(*maxSession)
				}
				if err := tx.Roles().Update(ctx, cur); err != nil {
					return err
				}
				updated, err = readRole(ctx, tx, cur)
				return err
			})
			if err != nil {
				return nil, err
			}
			return out(updated), nil
		}}
}
