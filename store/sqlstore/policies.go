package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

type policies struct{ t *tx }

// policySelect reads a policy with its usage counts, by correlated subqueries on indexed columns.
const policySelect = `SELECT p.id, p.account_id, p.name, p.path, p.arn, p.description, p.default_version, p.is_attachable,
	p.created, p.updated,
	(SELECT COUNT(*) FROM policy_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn),
	(SELECT COUNT(*) FROM users u WHERE u.account_id = p.account_id AND u.boundary_arn = p.arn) +
	(SELECT COUNT(*) FROM roles r WHERE r.account_id = p.account_id AND r.boundary_arn = p.arn)
	FROM policies p`

func scanPolicy(r rowScanner) (store.ManagedPolicy, error) {
	var p store.ManagedPolicy
	var def int
	err := r.Scan(&p.ID, &p.AccountID, &p.Name, &p.Path, &p.ARN, &p.Description, &def, &p.IsAttachable, nt{&p.Created},
		nt{&p.Updated}, &p.Usage.Attachments, &p.Usage.Boundaries)
	p.DefaultVersionID = versionID(def)
	return p, err
}

func versionID(n int) string { return "v" + strconv.Itoa(n) }

// versionNumber parses "v3"; anything else names no version.
func versionNumber(id string) (int, bool) {
	s, ok := strings.CutPrefix(id, "v")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && strconv.Itoa(n) == s
}

func (s policies) Create(ctx context.Context, p store.ManagedPolicy, document string) error {
	what := fmt.Sprintf("policy %q", p.Name)
	updated := p.Updated
	if updated.IsZero() {
		updated = p.Created
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO policies (id, account_id, name, name_fold, path, arn, description,
		default_version, next_version, is_attachable, created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 2, $8, $9, $10)`,
		p.ID, p.AccountID, p.Name, fold(p.Name), p.Path, p.ARN, p.Description, p.IsAttachable, tsNN(p.Created),
		tsNN(updated)); err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO policy_versions (policy_id, version, document, created) VALUES ($1, 1, $2, $3)`,
		p.ID, document, tsNN(p.Created)); err != nil {
		return err
	}
	s.t.changed(p.AccountID, store.KindPolicy, p.ARN)
	return nil
}

func (s policies) getWhere(ctx context.Context, what, where string, args ...any) (store.ManagedPolicy, error) {
	p, err := scanPolicy(s.t.queryRow(ctx, policySelect+` WHERE `+where+s.t.forUpdateOf("p"), args...))
	if err != nil {
		return p, s.t.mapErr(what, err)
	}
	s.t.markLocked("policies", "id", p.ID)
	return p, nil
}

func (s policies) Get(ctx context.Context, accountID, name string) (store.ManagedPolicy, error) {
	return s.getWhere(ctx, fmt.Sprintf("policy %q", name), `p.account_id = $1 AND p.name_fold = $2`, accountID, fold(name))
}

func (s policies) GetByARN(ctx context.Context, arn string) (store.ManagedPolicy, error) {
	return s.getWhere(ctx, fmt.Sprintf("policy %s", arn), `p.arn = $1`, arn)
}

func (s policies) Update(ctx context.Context, p store.ManagedPolicy) error {
	var account, arn string
	err := s.t.writeRow(ctx, fmt.Sprintf("policy %s", p.ID), `UPDATE policies SET description = $2, updated = $3 WHERE id = $1
		RETURNING account_id, arn`, []any{p.ID, p.Description, tsNN(p.Updated)}, &account, &arn)
	if err == nil {
		s.t.changed(account, store.KindPolicy, arn)
	}
	return err
}

// head reads what every version operation needs of a policy.
func (s policies) head(ctx context.Context, id string) (account, arn string, def int, err error) {
	err = s.t.one(ctx, fmt.Sprintf("policy %s", id), `SELECT account_id, arn, default_version FROM policies WHERE id = $1`,
		[]any{id}, &account, &arn, &def)
	return account, arn, def, err
}

func (s policies) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("policy %s", id)
	account, arn, _, err := s.head(ctx, id)
	if err != nil {
		return err
	}
	if err := s.t.writeRows(ctx, what, `DELETE FROM policy_attachments WHERE account_id = $1 AND policy_arn = $2
		RETURNING principal_kind, principal_id`, []any{account, arn}, func(r rowScanner) error {
		var kind, pid string
		if err := r.Scan(&kind, &pid); err != nil {
			return err
		}
		s.t.changed(account, store.Kind(kind), pid)
		return nil
	}); err != nil {
		return err
	}
	if err := s.t.deleteOwned(ctx, what, "", store.KindPolicy, arn); err != nil {
		return err
	}
	if err := s.t.execOne(ctx, what, `DELETE FROM policies WHERE id = $1`, id); err != nil {
		return err
	}
	s.t.changed(account, store.KindPolicy, arn)
	return nil
}

func (s policies) List(ctx context.Context, accountID string, o store.PolicyListOptions) ([]store.ManagedPolicy, bool, error) {
	n := limit(o.Limit)
	q := newQB(policySelect+` WHERE p.account_id = $1 AND p.name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("p.path", o.PathPrefix)
	if o.OnlyAttached {
		attached := `EXISTS (SELECT 1 FROM policy_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn)`
		bounding := `EXISTS (SELECT 1 FROM users u WHERE u.account_id = p.account_id AND u.boundary_arn = p.arn)
			OR EXISTS (SELECT 1 FROM roles r WHERE r.account_id = p.account_id AND r.boundary_arn = p.arn)`
		switch o.Usage {
		case store.UsagePermissions:
			q.WriteString(" AND " + attached)
		case store.UsageBoundary:
			q.WriteString(" AND (" + bounding + ")")
		default:
			q.WriteString(" AND (" + attached + " OR " + bounding + ")")
		}
	}
	q.add(" ORDER BY p.name_fold LIMIT ?", n+1)
	ps, err := list(ctx, s.t, "policies", q, scanPolicy)
	if err != nil {
		return nil, false, err
	}
	ps, more := page(ps, n)
	return ps, more, nil
}

func (s policies) Dependents(ctx context.Context, id string) (store.PolicyDependents, error) {
	p, err := s.getWhere(ctx, fmt.Sprintf("policy %s", id), `p.id = $1`, id)
	if err != nil {
		return store.PolicyDependents{}, err
	}
	def, _ := versionNumber(p.DefaultVersionID)
	others, err := s.t.count(ctx, fmt.Sprintf("policy %s", id),
		`SELECT COUNT(*) FROM policy_versions WHERE policy_id = $1 AND version <> $2`, id, def)
	return store.PolicyDependents{Usage: p.Usage, NonDefaultVersions: others}, err
}

func (s policies) CreateVersion(ctx context.Context, policyID, document string, created time.Time, setDefault bool) (store.PolicyVersion, error) {
	what := fmt.Sprintf("policy %s", policyID)
	var num int
	var account, arn string
	if err := s.t.writeRow(ctx, what, `UPDATE policies SET next_version = next_version + 1 WHERE id = $1
		RETURNING next_version - 1, account_id, arn`, []any{policyID}, &num, &account, &arn); err != nil {
		return store.PolicyVersion{}, err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO policy_versions (policy_id, version, document, created) VALUES ($1, $2, $3, $4)`,
		policyID, num, document, tsNN(created)); err != nil {
		return store.PolicyVersion{}, err
	}
	if setDefault {
		if _, err := s.t.exec(ctx, what, `UPDATE policies SET default_version = $2, updated = $3 WHERE id = $1`,
			policyID, num, tsNN(created)); err != nil {
			return store.PolicyVersion{}, err
		}
	}
	s.t.changed(account, store.KindPolicy, arn)
	return store.PolicyVersion{VersionID: versionID(num), Document: document, IsDefault: setDefault,
		Created: time.Unix(0, tsNN(created)).UTC()}, nil
}

const versionSelect = `SELECT v.version, v.document, v.created, v.version = p.default_version
	FROM policy_versions v JOIN policies p ON p.id = v.policy_id`

func scanVersion(r rowScanner) (store.PolicyVersion, error) {
	var v store.PolicyVersion
	var num int
	err := r.Scan(&num, &v.Document, nt{&v.Created}, &v.IsDefault)
	v.VersionID = versionID(num)
	return v, err
}

func (s policies) GetVersion(ctx context.Context, policyID, id string) (store.PolicyVersion, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "policies", "id", policyID)); err != nil {
		return store.PolicyVersion{}, err
	}
	what := fmt.Sprintf("version %s of policy %s", id, policyID)
	num, ok := versionNumber(id)
	if !ok {
		return store.PolicyVersion{}, fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	v, err := scanVersion(s.t.queryRow(ctx, versionSelect+` WHERE v.policy_id = $1 AND v.version = $2`, policyID, num))
	if err != nil {
		return v, s.t.mapErr(what, err)
	}
	return v, nil
}

func (s policies) Versions(ctx context.Context, policyID string) ([]store.PolicyVersion, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "policies", "id", policyID)); err != nil {
		return nil, err
	}
	if _, _, _, err := s.head(ctx, policyID); err != nil {
		return nil, err
	}
	return list(ctx, s.t, fmt.Sprintf("versions of policy %s", policyID),
		newQB(versionSelect+` WHERE v.policy_id = $1 ORDER BY v.version DESC`, policyID), scanVersion)
}

func (s policies) SetDefaultVersion(ctx context.Context, policyID, id string, updated time.Time) error {
	what := fmt.Sprintf("version %s of policy %s", id, policyID)
	num, ok := versionNumber(id)
	if !ok {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	var account, arn string
	if err := s.t.writeRow(ctx, what, `UPDATE policies SET default_version = $2, updated = $3 WHERE id = $1
		AND EXISTS (SELECT 1 FROM policy_versions WHERE policy_id = $1 AND version = $2) RETURNING account_id, arn`,
		[]any{policyID, num, tsNN(updated)}, &account, &arn); err != nil {
		return err
	}
	s.t.changed(account, store.KindPolicy, arn)
	return nil
}

func (s policies) DeleteVersion(ctx context.Context, policyID, id string) error {
	what := fmt.Sprintf("version %s of policy %s", id, policyID)
	num, ok := versionNumber(id)
	if !ok {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	account, arn, def, err := s.head(ctx, policyID)
	if err != nil {
		return err
	}
	if num == def {
		return fmt.Errorf("%s: the default version: %w", what, store.ErrConflict)
	}
	if err := s.t.execOne(ctx, what, `DELETE FROM policy_versions WHERE policy_id = $1 AND version = $2`, policyID, num); err != nil {
		return err
	}
	s.t.changed(account, store.KindPolicy, arn)
	return nil
}

func (s policies) DefaultVersion(ctx context.Context, accountID, arn string) (store.PolicyVersion, error) {
	v, err := scanVersion(s.t.queryRow(ctx, versionSelect+` AND v.version = p.default_version
		WHERE p.account_id = $1 AND p.arn = $2`, accountID, arn))
	if err != nil {
		return v, s.t.mapErr(fmt.Sprintf("policy %s", arn), err)
	}
	return v, nil
}

// principalTable is where each principal kind lives.
func principalTable(k store.PrincipalKind) (string, error) {
	switch k {
	case store.PrincipalUser:
		return "users", nil
	case store.PrincipalGroup:
		return "iam_groups", nil
	case store.PrincipalRole:
		return "roles", nil
	}
	return "", fmt.Errorf("store: unknown principal kind %q", k)
}

// principalAccount checks that a principal exists and returns its account.
func (t *tx) principalAccount(ctx context.Context, p store.Principal) (string, error) {
	table, err := principalTable(p.Kind)
	if err != nil {
		return "", err
	}
	return t.accountOf(ctx, fmt.Sprintf("%s %s", p.Kind, p.ID), table, p.ID)
}

type attachments struct{ t *tx }

func (s attachments) Attach(ctx context.Context, p store.Principal, pol store.AttachedPolicy) error {
	account, err := s.t.principalAccount(ctx, p)
	if err != nil {
		return err
	}
	res, err := s.t.exec(ctx, fmt.Sprintf("policy %s on %s %s", pol.ARN, p.Kind, p.ID), `INSERT INTO policy_attachments
		(account_id, principal_kind, principal_id, policy_arn, policy_name, policy_path) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT DO NOTHING`, account, string(p.Kind), p.ID, pol.ARN, pol.Name, pol.Path)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		s.t.changed(account, store.Kind(p.Kind), p.ID)
	}
	return nil
}

func (s attachments) Detach(ctx context.Context, p store.Principal, arn string) error {
	var account string
	if err := s.t.writeRow(ctx, fmt.Sprintf("policy %s on %s %s", arn, p.Kind, p.ID), `DELETE FROM policy_attachments
		WHERE principal_kind = $1 AND principal_id = $2 AND policy_arn = $3 RETURNING account_id`,
		[]any{string(p.Kind), p.ID, arn}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.Kind(p.Kind), p.ID)
	return nil
}

func (s attachments) List(ctx context.Context, p store.Principal, o store.ListOptions) ([]store.AttachedPolicy, bool, error) {
	if err := s.t.lockPrincipal(ctx, p); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(`SELECT policy_arn, policy_name, policy_path FROM policy_attachments WHERE principal_kind = $1
		AND principal_id = $2 AND policy_arn > $3`, string(p.Kind), p.ID, o.After)
	q.pathPrefix("policy_path", o.PathPrefix).add(" ORDER BY policy_arn LIMIT ?", n+1)
	as, err := list(ctx, s.t, "attached policies", q, func(r rowScanner) (store.AttachedPolicy, error) {
		var a store.AttachedPolicy
		err := r.Scan(&a.ARN, &a.Name, &a.Path)
		return a, err
	})
	if err != nil {
		return nil, false, err
	}
	as, more := page(as, n)
	return as, more, nil
}

func (s attachments) Count(ctx context.Context, p store.Principal) (int, error) {
	if err := s.t.lockPrincipal(ctx, p); err != nil {
		return 0, err
	}
	return s.t.count(ctx, "attached policies", `SELECT COUNT(*) FROM policy_attachments WHERE principal_kind = $1
		AND principal_id = $2`, string(p.Kind), p.ID)
}

func (s attachments) Usage(ctx context.Context, accountID, arn string) (store.PolicyUsage, error) {
	var u store.PolicyUsage
	err := s.t.one(ctx, fmt.Sprintf("usage of policy %s", arn), `SELECT
		(SELECT COUNT(*) FROM policy_attachments WHERE account_id = $1 AND policy_arn = $2),
		(SELECT COUNT(*) FROM users WHERE account_id = $1 AND boundary_arn = $2) +
		(SELECT COUNT(*) FROM roles WHERE account_id = $1 AND boundary_arn = $2)`, []any{accountID, arn},
		&u.Attachments, &u.Boundaries)
	return u, err
}

func (s attachments) UsageByARN(ctx context.Context, accountID string) (map[string]store.PolicyUsage, error) {
	type row struct {
		arn     string
		n       int
		bounded bool
	}
	rows, err := list(ctx, s.t, "policy usage", newQB(`
		SELECT policy_arn, COUNT(*), FALSE FROM policy_attachments WHERE account_id = $1 GROUP BY policy_arn
		UNION ALL
		SELECT boundary_arn, COUNT(*), TRUE FROM users WHERE account_id = $1 AND boundary_arn <> '' GROUP BY boundary_arn
		UNION ALL
		SELECT boundary_arn, COUNT(*), TRUE FROM roles WHERE account_id = $1 AND boundary_arn <> '' GROUP BY boundary_arn`,
		accountID), func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.arn, &x.n, &x.bounded)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	m := make(map[string]store.PolicyUsage)
	for _, x := range rows {
		u := m[x.arn]
		if x.bounded {
			u.Boundaries += x.n
		} else {
			u.Attachments += x.n
		}
		m[x.arn] = u
	}
	return m, nil
}

func (s attachments) Entities(ctx context.Context, accountID, arn string, o store.EntityListOptions) ([]store.PolicyEntity, bool, error) {
	n := limit(o.Limit)
	q := newQB(`SELECT kind, id, name, path FROM (`)
	var parts []string
	if o.Usage != store.UsageBoundary {
		for _, k := range []store.PrincipalKind{store.PrincipalGroup, store.PrincipalRole, store.PrincipalUser} {
			table, _ := principalTable(k)
			parts = append(parts, fmt.Sprintf(`SELECT '%s' AS kind, e.id AS id, e.name AS name, e.path AS path,
				e.name_fold AS name_fold FROM policy_attachments a JOIN %s e ON e.id = a.principal_id
				WHERE a.account_id = $1 AND a.policy_arn = $2 AND a.principal_kind = '%s'`, k, table, k))
		}
	}
	if o.Usage != store.UsagePermissions {
		for _, k := range []store.PrincipalKind{store.PrincipalRole, store.PrincipalUser} {
			table, _ := principalTable(k)
			parts = append(parts, fmt.Sprintf(`SELECT '%s' AS kind, id, name, path, name_fold FROM %s
				WHERE account_id = $1 AND boundary_arn = $2`, k, table))
		}
	}
	q.WriteString(strings.Join(parts, " UNION "))
	q.args = append(q.args, accountID, arn)
	q.WriteString(") e WHERE 1 = 1")
	if o.Kind != "" {
		q.add(" AND kind = ?", string(o.Kind))
	}
	if o.After != nil {
		q.add(" AND (kind > ? OR (kind = ? AND name_fold > ?))", string(o.After.Kind), string(o.After.Kind), fold(o.After.Name))
	}
	q.pathPrefix("path", o.PathPrefix).add(" ORDER BY kind, name_fold LIMIT ?", n+1)
	es, err := list(ctx, s.t, fmt.Sprintf("entities for policy %s", arn), q, func(r rowScanner) (store.PolicyEntity, error) {
		var e store.PolicyEntity
		var kind string
		err := r.Scan(&kind, &e.ID, &e.Name, &e.Path)
		e.Kind = store.PrincipalKind(kind)
		return e, err
	})
	if err != nil {
		return nil, false, err
	}
	es, more := page(es, n)
	return es, more, nil
}

type inlinePolicies struct{ t *tx }

func (s inlinePolicies) Put(ctx context.Context, p store.Principal, pol store.InlinePolicy) error {
	account, err := s.t.principalAccount(ctx, p)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, fmt.Sprintf("policy %q of %s %s", pol.Name, p.Kind, p.ID), `INSERT INTO inline_policies
		(account_id, principal_kind, principal_id, name, document) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (principal_kind, principal_id, name) DO UPDATE SET document = excluded.document`,
		account, string(p.Kind), p.ID, pol.Name, pol.Document); err != nil {
		return err
	}
	s.t.changed(account, store.Kind(p.Kind), p.ID)
	return nil
}

func (s inlinePolicies) Get(ctx context.Context, p store.Principal, name string) (store.InlinePolicy, error) {
	if err := s.t.lockPrincipal(ctx, p); err != nil {
		return store.InlinePolicy{}, err
	}
	pol := store.InlinePolicy{Name: name}
	err := s.t.one(ctx, fmt.Sprintf("policy %q of %s %s", name, p.Kind, p.ID), `SELECT document FROM inline_policies
		WHERE principal_kind = $1 AND principal_id = $2 AND name = $3`, []any{string(p.Kind), p.ID, name}, &pol.Document)
	return pol, err
}

func (s inlinePolicies) Delete(ctx context.Context, p store.Principal, name string) error {
	var account string
	if err := s.t.writeRow(ctx, fmt.Sprintf("policy %q of %s %s", name, p.Kind, p.ID), `DELETE FROM inline_policies
		WHERE principal_kind = $1 AND principal_id = $2 AND name = $3 RETURNING account_id`,
		[]any{string(p.Kind), p.ID, name}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.Kind(p.Kind), p.ID)
	return nil
}

func scanInline(r rowScanner) (store.InlinePolicy, error) {
	var p store.InlinePolicy
	err := r.Scan(&p.Name, &p.Document)
	return p, err
}

func (s inlinePolicies) List(ctx context.Context, p store.Principal, o store.ListOptions) ([]store.InlinePolicy, bool, error) {
	if err := s.t.lockPrincipal(ctx, p); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	ps, err := list(ctx, s.t, "inline policies", newQB(`SELECT name, document FROM inline_policies WHERE principal_kind = $1
		AND principal_id = $2 AND name > $3 ORDER BY name LIMIT $4`, string(p.Kind), p.ID, o.After, n+1), scanInline)
	if err != nil {
		return nil, false, err
	}
	ps, more := page(ps, n)
	return ps, more, nil
}

func (s inlinePolicies) Count(ctx context.Context, p store.Principal) (int, error) {
	if err := s.t.lockPrincipal(ctx, p); err != nil {
		return 0, err
	}
	return s.t.count(ctx, "inline policies", `SELECT COUNT(*) FROM inline_policies WHERE principal_kind = $1
		AND principal_id = $2`, string(p.Kind), p.ID)
}
