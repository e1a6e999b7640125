package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

type roles struct{ t *tx }

const roleCols = `id, account_id, name, path, arn, trust_policy, description, max_session_duration, boundary_arn,
	created, last_used, last_used_region, service_linked, linked_service`
const roleColsR = `r.id, r.account_id, r.name, r.path, r.arn, r.trust_policy, r.description, r.max_session_duration,
	r.boundary_arn, r.created, r.last_used, r.last_used_region, r.service_linked, r.linked_service`

func scanRole(r rowScanner) (store.Role, error) {
	var x store.Role
	err := r.Scan(&x.ID, &x.AccountID, &x.Name, &x.Path, &x.ARN, &x.TrustPolicy, &x.Description, &x.MaxSessionDuration,
		&x.BoundaryARN, nt{&x.Created}, nt{&x.LastUsed.When}, &x.LastUsed.Region, &x.ServiceLinked, &x.LinkedService)
	return x, err
}

func (s roles) Create(ctx context.Context, r store.Role) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("role %q", r.Name), `INSERT INTO roles (`+roleCols+`, name_fold)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.ID, r.AccountID, r.Name, r.Path, r.ARN, r.TrustPolicy, r.Description, r.MaxSessionDuration, r.BoundaryARN,
		tsNN(r.Created), ts(r.LastUsed.When), r.LastUsed.Region, r.ServiceLinked, r.LinkedService, fold(r.Name))
	if err == nil {
		s.t.changed(r.AccountID, store.KindRole, r.ID)
	}
	return err
}

func (s roles) Get(ctx context.Context, accountID, name string) (store.Role, error) {
	r, err := scanRole(s.t.queryRow(ctx, `SELECT `+roleCols+` FROM roles WHERE account_id = $1 AND name_fold = $2`+s.t.forUpdate(),
		accountID, fold(name)))
	if err != nil {
		return r, s.t.mapErr(fmt.Sprintf("role %q", name), err)
	}
	s.t.markLocked("roles", "id", r.ID)
	return r, nil
}

func (s roles) GetByID(ctx context.Context, id string) (store.Role, error) {
	r, err := scanRole(s.t.queryRow(ctx, `SELECT `+roleCols+` FROM roles WHERE id = $1`+s.t.forUpdate(), id))
	if err != nil {
		return r, s.t.mapErr(fmt.Sprintf("role %s", id), err)
	}
	s.t.markLocked("roles", "id", r.ID)
	return r, nil
}

func (s roles) Update(ctx context.Context, r store.Role) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("role %q", r.Name), `UPDATE roles SET name = $2, name_fold = $3, path = $4, arn = $5,
		trust_policy = $6, description = $7, max_session_duration = $8, boundary_arn = $9, service_linked = $10,
		linked_service = $11 WHERE id = $1 RETURNING account_id`,
		[]any{r.ID, r.Name, fold(r.Name), r.Path, r.ARN, r.TrustPolicy, r.Description, r.MaxSessionDuration, r.BoundaryARN,
			r.ServiceLinked, r.LinkedService}, &account)
	if err == nil {
		s.t.changed(account, store.KindRole, r.ID)
	}
	return err
}

func (s roles) RecordUse(ctx context.Context, id string, use store.RoleUse) error {
	return s.t.execOne(ctx, fmt.Sprintf("role %s", id), `UPDATE roles SET last_used = $2, last_used_region = $3 WHERE id = $1`,
		id, ts(use.When), use.Region)
}

func (s roles) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("role %s", id)
	if err := s.t.deleteOwned(ctx, what, store.PrincipalRole, store.KindRole, id); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM roles WHERE id = $1 RETURNING account_id`, []any{id}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindRole, id)
	return nil
}

func (s roles) List(ctx context.Context, accountID string, o store.ListOptions) ([]store.Role, bool, error) {
	n := limit(o.Limit)
	q := newQB(`SELECT `+roleCols+` FROM roles WHERE account_id = $1 AND name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("path", o.PathPrefix).add(" ORDER BY name_fold LIMIT ?", n+1)
	rs, err := list(ctx, s.t, "roles", q, scanRole)
	if err != nil {
		return nil, false, err
	}
	rs, more := page(rs, n)
	return rs, more, nil
}

func (s roles) Dependents(ctx context.Context, id string) (store.RoleDependents, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "roles", "id", id)); err != nil {
		return store.RoleDependents{}, err
	}
	var d store.RoleDependents
	err := s.t.one(ctx, fmt.Sprintf("role %s", id), `SELECT
		(SELECT COUNT(*) FROM inline_policies WHERE principal_kind = 'role' AND principal_id = r.id),
		(SELECT COUNT(*) FROM policy_attachments WHERE principal_kind = 'role' AND principal_id = r.id),
		(SELECT COUNT(*) FROM instance_profile_roles WHERE role_id = r.id)
		FROM roles r WHERE r.id = $1`, []any{id}, &d.InlinePolicies, &d.AttachedPolicies, &d.InstanceProfiles)
	return d, err
}

type instanceProfiles struct{ t *tx }

const profileColsP = `p.id, p.account_id, p.name, p.path, p.arn, p.created`

func scanProfile(r rowScanner) (store.InstanceProfile, error) {
	var p store.InstanceProfile
	err := r.Scan(&p.ID, &p.AccountID, &p.Name, &p.Path, &p.ARN, nt{&p.Created})
	return p, err
}

func (s instanceProfiles) Create(ctx context.Context, p store.InstanceProfile) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("instance profile %q", p.Name), `INSERT INTO instance_profiles (id, account_id, name,
		path, arn, created, name_fold) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		p.ID, p.AccountID, p.Name, p.Path, p.ARN, tsNN(p.Created), fold(p.Name))
	if err == nil {
		s.t.changed(p.AccountID, store.KindInstanceProfile, p.ID)
	}
	return err
}

// withRoles fills the Roles of profiles with one query.
func (s instanceProfiles) withRoles(ctx context.Context, ps []store.InstanceProfile) error {
	if len(ps) == 0 {
		return nil
	}
	idx := make(map[string]int, len(ps))
	q := newQB(`SELECT x.profile_id, ` + roleColsR + ` FROM instance_profile_roles x JOIN roles r ON r.id = x.role_id
		WHERE x.profile_id IN (`)
	for i, p := range ps {
		idx[p.ID] = i
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(q.arg(p.ID))
	}
	q.WriteString(") ORDER BY r.name_fold")
	type pr struct {
		profile string
		role    store.Role
	}
	rows, err := list(ctx, s.t, "instance profile roles", q, func(r rowScanner) (pr, error) {
		var x pr
		var rl store.Role
		err := r.Scan(&x.profile, &rl.ID, &rl.AccountID, &rl.Name, &rl.Path, &rl.ARN, &rl.TrustPolicy, &rl.Description,
			&rl.MaxSessionDuration, &rl.BoundaryARN, nt{&rl.Created}, nt{&rl.LastUsed.When}, &rl.LastUsed.Region,
			&rl.ServiceLinked, &rl.LinkedService)
		x.role = rl
		return x, err
	})
	if err != nil {
		return err
	}
	for _, x := range rows {
		p := &ps[idx[x.profile]]
		p.Roles = append(p.Roles, x.role)
	}
	return nil
}

func (s instanceProfiles) getWhere(ctx context.Context, what, where string, args ...any) (store.InstanceProfile, error) {
	p, err := scanProfile(s.t.queryRow(ctx, `SELECT `+profileColsP+` FROM instance_profiles p WHERE `+where+s.t.forUpdateOf("p"), args...))
	if err != nil {
		return p, s.t.mapErr(what, err)
	}
	s.t.markLocked("instance_profiles", "id", p.ID)
	ps := []store.InstanceProfile{p}
	err = s.withRoles(ctx, ps)
	return ps[0], err
}

func (s instanceProfiles) Get(ctx context.Context, accountID, name string) (store.InstanceProfile, error) {
	return s.getWhere(ctx, fmt.Sprintf("instance profile %q", name), `p.account_id = $1 AND p.name_fold = $2`, accountID, fold(name))
}

func (s instanceProfiles) GetByID(ctx context.Context, id string) (store.InstanceProfile, error) {
	return s.getWhere(ctx, fmt.Sprintf("instance profile %s", id), `p.id = $1`, id)
}

func (s instanceProfiles) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("instance profile %s", id)
	if err := s.t.deleteOwned(ctx, what, "", store.KindInstanceProfile, id); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM instance_profiles WHERE id = $1 RETURNING account_id`, []any{id}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindInstanceProfile, id)
	return nil
}

func (s instanceProfiles) List(ctx context.Context, accountID string, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
	n := limit(o.Limit)
	q := newQB(`SELECT `+profileColsP+` FROM instance_profiles p WHERE p.account_id = $1 AND p.name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("p.path", o.PathPrefix).add(" ORDER BY p.name_fold LIMIT ?", n+1)
	return s.listWithRoles(ctx, q, n)
}

func (s instanceProfiles) listWithRoles(ctx context.Context, q *qb, n int) ([]store.InstanceProfile, bool, error) {
	ps, err := list(ctx, s.t, "instance profiles", q, scanProfile)
	if err != nil {
		return nil, false, err
	}
	ps, more := page(ps, n)
	if err := s.withRoles(ctx, ps); err != nil {
		return nil, false, err
	}
	return ps, more, nil
}

func (s instanceProfiles) ForRole(ctx context.Context, roleID string, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "roles", "id", roleID)); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(`SELECT `+profileColsP+` FROM instance_profile_roles x JOIN instance_profiles p ON p.id = x.profile_id
		WHERE x.role_id = $1 AND p.name_fold > $2 ORDER BY p.name_fold LIMIT $3`, roleID, fold(o.After), n+1)
	return s.listWithRoles(ctx, q, n)
}

func (s instanceProfiles) AddRole(ctx context.Context, profileID, roleID string) error {
	what := fmt.Sprintf("role %s in instance profile %s", roleID, profileID)
	var pAccount, rAccount string
	if err := s.t.one(ctx, what, `SELECT p.account_id, r.account_id FROM instance_profiles p, roles r WHERE p.id = $1 AND r.id = $2`,
		[]any{profileID, roleID}, &pAccount, &rAccount); err != nil {
		return err
	}
	if pAccount != rAccount {
		return fmt.Errorf("%s: role and profile in different accounts: %w", what, store.ErrNotFound)
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO instance_profile_roles (profile_id, role_id) VALUES ($1, $2)`, profileID, roleID); err != nil {
		return err
	}
	s.t.changed(pAccount, store.KindInstanceProfile, profileID)
	return nil
}

func (s instanceProfiles) RemoveRole(ctx context.Context, profileID, roleID string) error {
	what := fmt.Sprintf("role %s in instance profile %s", roleID, profileID)
	account, err := s.t.accountOf(ctx, what, "instance_profiles", profileID)
	if err != nil {
		return err
	}
	if err := s.t.execOne(ctx, what, `DELETE FROM instance_profile_roles WHERE profile_id = $1 AND role_id = $2`, profileID, roleID); err != nil {
		return err
	}
	s.t.changed(account, store.KindInstanceProfile, profileID)
	return nil
}

type slrDeletions struct{ t *tx }

func (s slrDeletions) Create(ctx context.Context, d store.SLRDeletion) error {
	usage, err := json.Marshal(d.RoleUsage)
	if err != nil {
		return fmt.Errorf("deletion task %s: %w", d.ID, err)
	}
	_, err = s.t.exec(ctx, fmt.Sprintf("deletion task %s", d.ID), `INSERT INTO slr_deletions (id, account_id, role_name,
		role_arn, status, reason, role_usage, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		d.ID, d.AccountID, d.RoleName, d.RoleARN, d.Status, d.Reason, string(usage), tsNN(d.Created))
	if err == nil {
		s.t.changed(d.AccountID, store.KindSLRDeletion, d.ID)
	}
	return err
}

func (s slrDeletions) Get(ctx context.Context, accountID, id string) (store.SLRDeletion, error) {
	var d store.SLRDeletion
	var usage string
	if err := s.t.one(ctx, fmt.Sprintf("deletion task %s", id), `SELECT id, account_id, role_name, role_arn, status, reason,
		role_usage, created FROM slr_deletions WHERE account_id = $1 AND id = $2`, []any{accountID, id},
		&d.ID, &d.AccountID, &d.RoleName, &d.RoleARN, &d.Status, &d.Reason, &usage, nt{&d.Created}); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(usage), &d.RoleUsage); err != nil {
		return d, fmt.Errorf("deletion task %s: %w", id, err)
	}
	return d, nil
}

func (s slrDeletions) Update(ctx context.Context, d store.SLRDeletion) error {
	usage, err := json.Marshal(d.RoleUsage)
	if err != nil {
		return fmt.Errorf("deletion task %s: %w", d.ID, err)
	}
	err = s.t.execOne(ctx, fmt.Sprintf("deletion task %s", d.ID), `UPDATE slr_deletions SET status = $3, reason = $4,
		role_usage = $5 WHERE account_id = $1 AND id = $2`, d.AccountID, d.ID, d.Status, d.Reason, string(usage))
	if err == nil {
		s.t.changed(d.AccountID, store.KindSLRDeletion, d.ID)
	}
	return err
}
