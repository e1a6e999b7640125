package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateAssumeRolePolicy replaces a role's trust policy, validated as CreateRole validates it,
// and records the unique IDs of the users and roles it names anew. A service-linked role's
// trust policy belongs to its service (UnmodifiableEntity).
func (s *Roles) UpdateAssumeRolePolicy(ctx context.Context, in *iamwire.UpdateAssumeRolePolicyInput) (*iamwire.UpdateAssumeRolePolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	r, err := s.findRole(ctx, account, in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:UpdateAssumeRolePolicy", resource(account, in.RoleName, r), conditionKeys(r)...); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, noSuchRole(in.RoleName)
	}
	if err := core.CheckRoleModifiable(&r.Role); err != nil {
		return nil, err
	}
	doc, err := parseTrust(in.PolicyDocument)
	if err != nil {
		return nil, err
	}
	if err := checkPrincipalFormats(doc); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := roleInTx(ctx, tx, account, in.RoleName, r.ID)
		if err != nil {
			return err
		}
		principals, err := resolvePrincipals(ctx, tx, doc)
		if err != nil {
			return err
		}
		cur.TrustPolicy = in.PolicyDocument
		if err := tx.Roles().Update(ctx, cur); err != nil {
			return err
		}
		return tx.Roles().SetTrustPrincipals(ctx, cur.ID, principals)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateAssumeRolePolicyOutput{}, nil
}
