package sqlstore

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// The principals recorded for roles' trust policies (migration 0002).

func (s roles) SetTrustPrincipals(ctx context.Context, roleID string, ps []store.TrustPrincipal) error {
	what := fmt.Sprintf("trust principals of role %s", roleID)
	account, err := s.t.accountOf(ctx, what, "roles", roleID)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `DELETE FROM role_trust_principals WHERE role_id = $1`, roleID); err != nil {
		return err
	}
	for i, p := range ps {
		if _, err := s.t.exec(ctx, what, `INSERT INTO role_trust_principals (role_id, position, written, principal_id)
			VALUES ($1, $2, $3, $4)`, roleID, i, p.Written, p.ID); err != nil {
			return err
		}
	}
	s.t.changed(account, store.KindRole, roleID)
	return nil
}

func (s roles) TrustPrincipals(ctx context.Context, roleIDs ...string) ([]store.TrustPrincipal, error) {
	if len(roleIDs) == 0 {
		return nil, nil
	}
	q := newQB(`SELECT t.role_id, t.written, t.principal_id, COALESCE(u.arn, r.arn, '')
		FROM role_trust_principals t
		LEFT JOIN users u ON u.id = t.principal_id
		LEFT JOIN roles r ON r.id = t.principal_id
		WHERE t.role_id IN (`)
	for i, id := range roleIDs {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(q.arg(id))
	}
	q.WriteString(") ORDER BY t.role_id, t.position")
	return list(ctx, s.t, "trust principals", q, func(r rowScanner) (store.TrustPrincipal, error) {
		var p store.TrustPrincipal
		err := r.Scan(&p.RoleID, &p.Written, &p.ID, &p.CurrentARN)
		return p, err
	})
}
