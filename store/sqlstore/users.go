package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

type users struct{ t *tx }

const userCols = `id, account_id, name, path, arn, created, password_last_used, boundary_arn`

// userColsU is userCols qualified by the alias u.
const userColsU = `u.id, u.account_id, u.name, u.path, u.arn, u.created, u.password_last_used, u.boundary_arn`

func scanUser(r rowScanner) (store.User, error) {
	var u store.User
	err := r.Scan(&u.ID, &u.AccountID, &u.Name, &u.Path, &u.ARN, nt{&u.Created}, nt{&u.PasswordLastUsed}, &u.BoundaryARN)
	return u, err
}

func (s users) Create(ctx context.Context, u store.User) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("user %q", u.Name), `INSERT INTO users (`+userCols+`, name_fold)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		u.ID, u.AccountID, u.Name, u.Path, u.ARN, tsNN(u.Created), ts(u.PasswordLastUsed), u.BoundaryARN, fold(u.Name))
	if err == nil {
		s.t.changed(u.AccountID, store.KindUser, u.ID)
	}
	return err
}

func (s users) Get(ctx context.Context, accountID, name string) (store.User, error) {
	u, err := scanUser(s.t.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE account_id = $1 AND name_fold = $2`+s.t.forUpdate(),
		accountID, fold(name)))
	if err != nil {
		return u, s.t.mapErr(fmt.Sprintf("user %q", name), err)
	}
	s.t.markLocked("users", "id", u.ID)
	return u, nil
}

func (s users) GetByID(ctx context.Context, id string) (store.User, error) {
	u, err := scanUser(s.t.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`+s.t.forUpdate(), id))
	if err != nil {
		return u, s.t.mapErr(fmt.Sprintf("user %s", id), err)
	}
	s.t.markLocked("users", "id", u.ID)
	return u, nil
}

func (s users) Update(ctx context.Context, u store.User) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("user %q", u.Name), `UPDATE users SET name = $2, name_fold = $3, path = $4,
		arn = $5, boundary_arn = $6 WHERE id = $1 RETURNING account_id`,
		[]any{u.ID, u.Name, fold(u.Name), u.Path, u.ARN, u.BoundaryARN}, &account)
	if err == nil {
		s.t.changed(account, store.KindUser, u.ID)
	}
	return err
}

func (s users) RecordPasswordUse(ctx context.Context, id string, at time.Time) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("user %s", id), `UPDATE users SET password_last_used = $2 WHERE id = $1 RETURNING account_id`,
		[]any{id, ts(at)}, &account)
	if err == nil {
		s.t.changed(account, store.KindUser, id) // nodes answer GetUser from their caches
	}
	return err
}

func (s users) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("user %s", id)
	// Keys are deleted first, and one by one in the feed, so caches keyed by access key ID
	// hear of them; the rest of what the user owns goes with the user.
	if err := s.t.writeRows(ctx, what, `DELETE FROM access_keys WHERE user_id = $1 RETURNING account_id, id`, []any{id},
		func(r rowScanner) error {
			var account, key string
			if err := r.Scan(&account, &key); err != nil {
				return err
			}
			s.t.changed(account, store.KindAccessKey, key)
			return nil
		}); err != nil {
		return err
	}
	if err := s.t.deleteOwned(ctx, what, store.PrincipalUser, store.KindUser, id); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM users WHERE id = $1 RETURNING account_id`, []any{id}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindUser, id)
	return nil
}

func (s users) List(ctx context.Context, accountID string, o store.ListOptions) ([]store.User, bool, error) {
	n := limit(o.Limit)
	q := newQB(`SELECT `+userCols+` FROM users WHERE account_id = $1 AND name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("path", o.PathPrefix).add(" ORDER BY name_fold LIMIT ?", n+1)
	us, err := list(ctx, s.t, "users", q, scanUser)
	if err != nil {
		return nil, false, err
	}
	us, more := page(us, n)
	return us, more, nil
}

func (s users) Dependents(ctx context.Context, id string) (store.UserDependents, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "users", "id", id)); err != nil {
		return store.UserDependents{}, err
	}
	var d store.UserDependents
	err := s.t.one(ctx, fmt.Sprintf("user %s", id), `SELECT
		(SELECT COUNT(*) FROM access_keys WHERE user_id = u.id),
		(SELECT COUNT(*) FROM inline_policies WHERE principal_kind = 'user' AND principal_id = u.id),
		(SELECT COUNT(*) FROM policy_attachments WHERE principal_kind = 'user' AND principal_id = u.id),
		(SELECT COUNT(*) FROM group_members WHERE user_id = u.id),
		EXISTS (SELECT 1 FROM login_profiles WHERE user_id = u.id),
		(SELECT COUNT(*) FROM mfa_devices WHERE user_id = u.id),
		(SELECT COUNT(*) FROM signing_certificates WHERE user_id = u.id),
		(SELECT COUNT(*) FROM ssh_public_keys WHERE user_id = u.id),
		(SELECT COUNT(*) FROM service_credentials WHERE user_id = u.id)
		FROM users u WHERE u.id = $1`, []any{id},
		&d.AccessKeys, &d.InlinePolicies, &d.AttachedPolicies, &d.Groups, &d.LoginProfile, &d.MFADevices,
		&d.SigningCertificates, &d.SSHPublicKeys, &d.ServiceCredentials)
	return d, err
}

type accessKeys struct{ t *tx }

const accessKeySelect = `SELECT k.id, k.account_id, k.user_id, u.name, k.status, k.sealed_secret, k.created, k.last_used,
	k.last_used_service, k.last_used_region FROM access_keys k LEFT JOIN users u ON u.id = k.user_id`

func scanAccessKey(r rowScanner) (store.AccessKey, error) {
	var k store.AccessKey
	err := r.Scan(&k.ID, &k.AccountID, ns{&k.UserID}, ns{&k.UserName}, &k.Status, &k.SealedSecret, nt{&k.Created},
		nt{&k.LastUsed.When}, &k.LastUsed.Service, &k.LastUsed.Region)
	return k, err
}

func (s accessKeys) Create(ctx context.Context, k store.AccessKey) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("access key %s", k.ID), `INSERT INTO access_keys (id, account_id, user_id, status,
		sealed_secret, created, last_used, last_used_service, last_used_region) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		k.ID, k.AccountID, nullIfEmpty(k.UserID), k.Status, k.SealedSecret, tsNN(k.Created), ts(k.LastUsed.When),
		k.LastUsed.Service, k.LastUsed.Region)
	if err == nil {
		s.t.changed(k.AccountID, store.KindAccessKey, k.ID)
	}
	return err
}

func (s accessKeys) Get(ctx context.Context, id string) (store.AccessKey, error) {
	k, err := scanAccessKey(s.t.queryRow(ctx, accessKeySelect+` WHERE k.id = $1`+s.t.forUpdateOf("k"), id))
	if err != nil {
		return k, s.t.mapErr(fmt.Sprintf("access key %s", id), err)
	}
	return k, nil
}

// ownerClause selects the keys of a user, or of root when userID is "".
func ownerClause(q *qb, col, userID string) {
	if userID == "" {
		q.WriteString(" AND " + col + " IS NULL")
		return
	}
	q.add(" AND "+col+" = ?", userID)
}

func (s accessKeys) ListForUser(ctx context.Context, accountID, userID string, o store.ListOptions) ([]store.AccessKey, bool, error) {
	if err := s.t.lockOwner(ctx, accountID, userID); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(accessKeySelect+` WHERE k.account_id = $1 AND k.id > $2`, accountID, o.After)
	ownerClause(q, "k.user_id", userID)
	q.add(" ORDER BY k.id LIMIT ?", n+1)
	ks, err := list(ctx, s.t, "access keys", q, scanAccessKey)
	if err != nil {
		return nil, false, err
	}
	ks, more := page(ks, n)
	return ks, more, nil
}

func (s accessKeys) CountForUser(ctx context.Context, accountID, userID string) (int, error) {
	if err := s.t.lockOwner(ctx, accountID, userID); err != nil {
		return 0, err
	}
	q := newQB(`SELECT COUNT(*) FROM access_keys WHERE account_id = $1`, accountID)
	ownerClause(q, "user_id", userID)
	return s.t.count(ctx, "access keys", q.String(), q.args...)
}

func (s accessKeys) UpdateStatus(ctx context.Context, id, status string) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("access key %s", id), `UPDATE access_keys SET status = $2 WHERE id = $1 RETURNING account_id`,
		[]any{id, status}, &account)
	if err == nil {
		s.t.changed(account, store.KindAccessKey, id)
	}
	return err
}

func (s accessKeys) RecordUse(ctx context.Context, id string, use store.AccessKeyUse) error {
	return s.t.execOne(ctx, fmt.Sprintf("access key %s", id), `UPDATE access_keys SET last_used = $2, last_used_service = $3,
		last_used_region = $4 WHERE id = $1`, id, ts(use.When), use.Service, use.Region)
}

func (s accessKeys) Delete(ctx context.Context, id string) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("access key %s", id), `DELETE FROM access_keys WHERE id = $1 RETURNING account_id`,
		[]any{id}, &account)
	if err == nil {
		s.t.changed(account, store.KindAccessKey, id)
	}
	return err
}
