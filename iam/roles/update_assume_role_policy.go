package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateAssumeRolePolicy replaces a role's trust policy, validated as CreateRole validates it,
// and records the unique IDs of the users and roles it names anew. A service-linked role's
// trust policy belongs to its service (UnmodifiableEntity).
var updateAssumeRolePolicy = &op.Op[*Roles, iamwire.UpdateAssumeRolePolicyInput, iamwire.UpdateAssumeRolePolicyOutput, *role]{
	Name: "UpdateAssumeRolePolicy", Action: "iam:UpdateAssumeRolePolicy",
	Resolve: roleNamed(func(in *iamwire.UpdateAssumeRolePolicyInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.UpdateAssumeRolePolicyInput, *role]) (*iamwire.UpdateAssumeRolePolicyOutput, error) {
		if err := core.CheckRoleModifiable(&r.Entity().Role); err != nil {
			return nil, err
		}
		doc, err := parseTrust(r.In.PolicyDocument)
		if err != nil {
			return nil, err
		}
		if err := checkPrincipalFormats(doc); err != nil {
			return nil, err
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := roleInTx(ctx, tx, r.Entity())
			if err != nil {
				return err
			}
			principals, err := resolvePrincipals(ctx, tx, doc)
			if err != nil {
				return err
			}
			cur.TrustPolicy = r.In.PolicyDocument
			if err := tx.Roles().Update(ctx, cur); err != nil {
				return err
			}
			return tx.Roles().SetTrustPrincipals(ctx, cur.ID, principals)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateAssumeRolePolicyOutput{}, nil
	}}

func (s *Roles) UpdateAssumeRolePolicy(ctx context.Context, in *iamwire.UpdateAssumeRolePolicyInput) (*iamwire.UpdateAssumeRolePolicyOutput, error) {
	return updateAssumeRolePolicy.Run(ctx, s, in)
}
