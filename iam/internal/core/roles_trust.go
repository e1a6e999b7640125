package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/store"
)

// EffectiveTrust returns the trust policies of roles as IAM shows them, by role ID: a user or
// role named in a trust policy and deleted since shows as its old unique ID, and a renamed one
// as its current ARN (identity.EffectiveTrustPolicy). GetRole, ListRoles, the instance profile
// operations and GetAccountAuthorizationDetails all show trust policies this way.
func EffectiveTrust(ctx context.Context, tx store.Tx, rs []store.Role) (map[string]string, error) {
	ids := make([]string, len(rs))
	for i := range rs {
		ids[i] = rs[i].ID
	}
	ps, err := tx.Roles().TrustPrincipals(ctx, ids...)
	if err != nil {
		return nil, err
	}
	byRole := make(map[string][]store.TrustPrincipal, len(rs))
	for _, p := range ps {
		byRole[p.RoleID] = append(byRole[p.RoleID], p)
	}
	out := make(map[string]string, len(rs))
	for _, r := range rs {
		out[r.ID] = identity.EffectiveTrustPolicy(r.TrustPolicy, byRole[r.ID])
	}
	return out, nil
}
