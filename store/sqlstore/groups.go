package sqlstore

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

type groups struct{ t *tx }

const groupCols = `id, account_id, name, path, arn, created`
const groupColsG = `g.id, g.account_id, g.name, g.path, g.arn, g.created`

func scanGroup(r rowScanner) (store.Group, error) {
	var g store.Group
	err := r.Scan(&g.ID, &g.AccountID, &g.Name, &g.Path, &g.ARN, nt{&g.Created})
	return g, err
}

func (s groups) Create(ctx context.Context, g store.Group) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("group %q", g.Name), `INSERT INTO iam_groups (`+groupCols+`, name_fold)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, g.ID, g.AccountID, g.Name, g.Path, g.ARN, tsNN(g.Created), fold(g.Name))
	if err == nil {
		s.t.changed(g.AccountID, store.KindGroup, g.ID)
	}
	return err
}

func (s groups) Get(ctx context.Context, accountID, name string) (store.Group, error) {
	g, err := scanGroup(s.t.queryRow(ctx, `SELECT `+groupCols+` FROM iam_groups WHERE account_id = $1 AND name_fold = $2`+s.t.forUpdate(),
		accountID, fold(name)))
	if err != nil {
		return g, s.t.mapErr(fmt.Sprintf("group %q", name), err)
	}
	s.t.markLocked("iam_groups", "id", g.ID)
	return g, nil
}

func (s groups) GetByID(ctx context.Context, id string) (store.Group, error) {
	g, err := scanGroup(s.t.queryRow(ctx, `SELECT `+groupCols+` FROM iam_groups WHERE id = $1`+s.t.forUpdate(), id))
	if err != nil {
		return g, s.t.mapErr(fmt.Sprintf("group %s", id), err)
	}
	s.t.markLocked("iam_groups", "id", g.ID)
	return g, nil
}

func (s groups) Update(ctx context.Context, g store.Group) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("group %q", g.Name), `UPDATE iam_groups SET name = $2, name_fold = $3, path = $4,
		arn = $5 WHERE id = $1 RETURNING account_id`, []any{g.ID, g.Name, fold(g.Name), g.Path, g.ARN}, &account)
	if err == nil {
		s.t.changed(account, store.KindGroup, g.ID)
	}
	return err
}

func (s groups) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("group %s", id)
	account, err := s.t.accountOf(ctx, what, "iam_groups", id)
	if err != nil {
		return err
	}
	// Members lose the group's policies: they change too.
	if err := s.t.writeRows(ctx, what, `DELETE FROM group_members WHERE group_id = $1 RETURNING user_id`, []any{id},
		func(r rowScanner) error {
			var u string
			if err := r.Scan(&u); err != nil {
				return err
			}
			s.t.changed(account, store.KindUser, u)
			return nil
		}); err != nil {
		return err
	}
	if err := s.t.deleteOwned(ctx, what, store.PrincipalGroup, "", id); err != nil {
		return err
	}
	if err := s.t.execOne(ctx, what, `DELETE FROM iam_groups WHERE id = $1`, id); err != nil {
		return err
	}
	s.t.changed(account, store.KindGroup, id)
	return nil
}

func (s groups) List(ctx context.Context, accountID string, o store.ListOptions) ([]store.Group, bool, error) {
	n := limit(o.Limit)
	q := newQB(`SELECT `+groupCols+` FROM iam_groups WHERE account_id = $1 AND name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("path", o.PathPrefix).add(" ORDER BY name_fold LIMIT ?", n+1)
	gs, err := list(ctx, s.t, "groups", q, scanGroup)
	if err != nil {
		return nil, false, err
	}
	gs, more := page(gs, n)
	return gs, more, nil
}

func (s groups) Dependents(ctx context.Context, id string) (store.GroupDependents, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "iam_groups", "id", id)); err != nil {
		return store.GroupDependents{}, err
	}
	var d store.GroupDependents
	err := s.t.one(ctx, fmt.Sprintf("group %s", id), `SELECT
		(SELECT COUNT(*) FROM group_members WHERE group_id = g.id),
		(SELECT COUNT(*) FROM inline_policies WHERE principal_kind = 'group' AND principal_id = g.id),
		(SELECT COUNT(*) FROM policy_attachments WHERE principal_kind = 'group' AND principal_id = g.id)
		FROM iam_groups g WHERE g.id = $1`, []any{id}, &d.Members, &d.InlinePolicies, &d.AttachedPolicies)
	return d, err
}

func (s groups) AddMember(ctx context.Context, groupID, userID string) error {
	what := fmt.Sprintf("membership of user %s in group %s", userID, groupID)
	var gAccount, uAccount string
	if err := s.t.one(ctx, what, `SELECT g.account_id, u.account_id FROM iam_groups g, users u WHERE g.id = $1 AND u.id = $2`,
		[]any{groupID, userID}, &gAccount, &uAccount); err != nil {
		return err
	}
	if gAccount != uAccount {
		return fmt.Errorf("%s: user and group in different accounts: %w", what, store.ErrNotFound)
	}
	res, err := s.t.exec(ctx, what, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		groupID, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		s.t.changed(uAccount, store.KindUser, userID)
		s.t.changed(gAccount, store.KindGroup, groupID)
	}
	return nil
}

func (s groups) RemoveMember(ctx context.Context, groupID, userID string) error {
	what := fmt.Sprintf("membership of user %s in group %s", userID, groupID)
	account, err := s.t.accountOf(ctx, what, "iam_groups", groupID)
	if err != nil {
		return err
	}
	if err := s.t.execOne(ctx, what, `DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, groupID, userID); err != nil {
		return err
	}
	s.t.changed(account, store.KindUser, userID)
	s.t.changed(account, store.KindGroup, groupID)
	return nil
}

func (s groups) Members(ctx context.Context, groupID string, o store.ListOptions) ([]store.User, bool, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "iam_groups", "id", groupID)); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(`SELECT `+userColsU+` FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = $1 AND u.name_fold > $2 ORDER BY u.name_fold LIMIT $3`, groupID, fold(o.After), n+1)
	us, err := list(ctx, s.t, "group members", q, scanUser)
	if err != nil {
		return nil, false, err
	}
	us, more := page(us, n)
	return us, more, nil
}

func (s groups) ForUser(ctx context.Context, userID string, o store.ListOptions) ([]store.Group, bool, error) {
	if err := s.t.lockOwner(ctx, "", userID); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(`SELECT `+groupColsG+` FROM group_members m JOIN iam_groups g ON g.id = m.group_id
		WHERE m.user_id = $1 AND g.name_fold > $2 ORDER BY g.name_fold LIMIT $3`, userID, fold(o.After), n+1)
	gs, err := list(ctx, s.t, "groups for user", q, scanGroup)
	if err != nil {
		return nil, false, err
	}
	gs, more := page(gs, n)
	return gs, more, nil
}

func (s groups) CountForUser(ctx context.Context, userID string) (int, error) {
	if err := s.t.lockOwner(ctx, "", userID); err != nil {
		return 0, err
	}
	return s.t.count(ctx, "groups for user", `SELECT COUNT(*) FROM group_members WHERE user_id = $1`, userID)
}
