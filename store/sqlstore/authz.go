package sqlstore

import (
	"context"
	"database/sql"

	"github.com/gatehouse-iam/gatehouse/store"
)

type authz struct{ t *tx }

// in appends " IN ($a, $b, …)" for ids, which must not be empty.
func (q *qb) in(ids []string) *qb {
	q.WriteString(" IN (")
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(q.arg(id))
	}
	q.WriteString(")")
	return q
}

// owned is a row of a shared table keyed by principal: an inline policy or an attachment.
type owned struct {
	kind, id string
	inline   store.InlinePolicy
	attached store.AttachedPolicy
}

// memberGroups is the subquery of the groups of user $1.
const memberGroups = `(SELECT group_id FROM group_members WHERE user_id = $1)`

// userOrGroups selects rows of user $1 and of its groups in a table keyed by principal.
const userOrGroups = `(principal_kind = 'user' AND principal_id = $1) OR (principal_kind = 'group' AND principal_id IN ` +
	memberGroups + `)`

func scanOwnedInline(r rowScanner) (owned, error) {
	var o owned
	err := r.Scan(&o.kind, &o.id, &o.inline.Name, &o.inline.Document)
	return o, err
}

func scanOwnedAttached(r rowScanner) (owned, error) {
	var o owned
	err := r.Scan(&o.kind, &o.id, &o.attached.ARN, &o.attached.Name, &o.attached.Path)
	return o, err
}

// documents reads the default versions of the customer managed policies among arns (a
// subquery over $1) and boundary ($3), in account $2.
func (a authz) documents(ctx context.Context, arns string, args []any) (map[string]store.PolicyVersion, error) {
	type doc struct {
		arn string
		v   store.PolicyVersion
	}
	ds, err := list(ctx, a.t, "policy documents", newQB(`SELECT p.arn, v.version, v.document, v.created, TRUE
		FROM policies p JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.default_version
		WHERE p.account_id = $2 AND (p.arn IN `+arns+` OR p.arn = $3)`, args...), func(r rowScanner) (doc, error) {
		var d doc
		var num int
		err := r.Scan(&d.arn, &num, &d.v.Document, nt{&d.v.Created}, &d.v.IsDefault)
		d.v.VersionID = versionID(num)
		return d, err
	})
	if err != nil {
		return nil, err
	}
	m := make(map[string]store.PolicyVersion, len(ds))
	for _, d := range ds {
		m[d.arn] = d.v
	}
	return m, nil
}

func (a authz) User(ctx context.Context, userID string) (store.UserAuthz, error) {
	var out store.UserAuthz
	u, err := users(a).GetByID(ctx, userID)
	if err != nil {
		return out, err
	}
	out.User = u
	gs, err := list(ctx, a.t, "groups for user", newQB(`SELECT `+groupColsG+` FROM group_members m JOIN iam_groups g
		ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY g.name_fold`, userID), scanGroup)
	if err != nil {
		return out, err
	}
	idx := make(map[string]int, len(gs))
	out.Groups = make([]store.GroupAuthz, len(gs))
	for i, g := range gs {
		idx[g.ID] = i
		out.Groups[i].Group = g
	}
	inl, err := list(ctx, a.t, "inline policies", newQB(`SELECT principal_kind, principal_id, name, document FROM inline_policies
		WHERE `+userOrGroups+` ORDER BY principal_kind, principal_id, name`, userID), scanOwnedInline)
	if err != nil {
		return out, err
	}
	for _, o := range inl {
		if o.kind == string(store.PrincipalUser) {
			out.Inline = append(out.Inline, o.inline)
		} else if i, ok := idx[o.id]; ok {
			out.Groups[i].Inline = append(out.Groups[i].Inline, o.inline)
		}
	}
	// The attachments with the default documents of the customer managed ones in one query
	// (a user's first request reads this: a million users make a million of them).
	att, err := list(ctx, a.t, "attached policies", newQB(`SELECT x.principal_kind, x.principal_id, x.policy_arn, v.version,
		v.document, v.created FROM policy_attachments x
		LEFT JOIN policies p ON p.arn = x.policy_arn AND p.account_id = $2
		LEFT JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.default_version
		WHERE `+userOrGroups+` ORDER BY x.principal_kind, x.principal_id, x.policy_arn`, userID, u.AccountID),
		scanAttachedDocument)
	if err != nil {
		return out, err
	}
	out.Documents = make(map[string]store.PolicyVersion, len(att))
	for _, o := range att {
		if o.kind == string(store.PrincipalUser) {
			out.Attached = append(out.Attached, o.arn)
		} else if i, ok := idx[o.id]; ok {
			out.Groups[i].Attached = append(out.Groups[i].Attached, o.arn)
		}
		if o.found {
			out.Documents[o.arn] = o.v
		}
	}
	if _, ok := out.Documents[u.BoundaryARN]; u.BoundaryARN != "" && !ok {
		out.Documents, err = a.documents(ctx, `(SELECT policy_arn FROM policy_attachments WHERE `+userOrGroups+`)`,
			[]any{userID, u.AccountID, u.BoundaryARN})
	}
	return out, err
}

// attachedDocument is a row of an attachment with the default version of its policy, when
// that is a customer managed policy of the account (found).
type attachedDocument struct {
	kind, id, arn string
	found         bool
	v             store.PolicyVersion
}

func scanAttachedDocument(r rowScanner) (attachedDocument, error) {
	var o attachedDocument
	var num sql.NullInt64
	var document sql.NullString
	err := r.Scan(&o.kind, &o.id, &o.arn, &num, &document, nt{&o.v.Created})
	if num.Valid {
		o.found, o.v.VersionID, o.v.Document, o.v.IsDefault = true, versionID(int(num.Int64)), document.String, true
	}
	return o, err
}

func (a authz) Role(ctx context.Context, roleID string) (store.RoleAuthz, error) {
	var out store.RoleAuthz
	r, err := roles(a).GetByID(ctx, roleID)
	if err != nil {
		return out, err
	}
	out.Role = r
	inl, err := list(ctx, a.t, "inline policies", newQB(`SELECT name, document FROM inline_policies
		WHERE principal_kind = 'role' AND principal_id = $1 ORDER BY name`, roleID), scanInline)
	if err != nil {
		return out, err
	}
	out.Inline = inl
	out.Attached, err = list(ctx, a.t, "attached policies", newQB(`SELECT policy_arn FROM policy_attachments
		WHERE principal_kind = 'role' AND principal_id = $1 ORDER BY policy_arn`, roleID), func(r rowScanner) (string, error) {
		var s string
		err := r.Scan(&s)
		return s, err
	})
	if err != nil {
		return out, err
	}
	if len(out.Attached) == 0 && r.BoundaryARN == "" {
		out.Documents = map[string]store.PolicyVersion{}
		return out, nil
	}
	out.Documents, err = a.documents(ctx, `(SELECT policy_arn FROM policy_attachments WHERE principal_kind = 'role'
		AND principal_id = $1)`, []any{roleID, r.AccountID, r.BoundaryARN})
	return out, err
}

// ownedBy reads the inline policies and attachments of principals of one kind.
func (a authz) ownedBy(ctx context.Context, kind store.PrincipalKind, ids []string) (map[string][]store.InlinePolicy, map[string][]store.AttachedPolicy, error) {
	inl := map[string][]store.InlinePolicy{}
	att := map[string][]store.AttachedPolicy{}
	if len(ids) == 0 {
		return inl, att, nil
	}
	q := newQB(`SELECT principal_kind, principal_id, name, document FROM inline_policies WHERE principal_kind = $1
		AND principal_id`, string(kind))
	q.in(ids).WriteString(" ORDER BY principal_id, name")
	is, err := list(ctx, a.t, "inline policies", q, scanOwnedInline)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range is {
		inl[o.id] = append(inl[o.id], o.inline)
	}
	q = newQB(`SELECT principal_kind, principal_id, policy_arn, policy_name, policy_path FROM policy_attachments
		WHERE principal_kind = $1 AND principal_id`, string(kind))
	q.in(ids).WriteString(" ORDER BY principal_id, policy_arn")
	as, err := list(ctx, a.t, "attached policies", q, scanOwnedAttached)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range as {
		att[o.id] = append(att[o.id], o.attached)
	}
	return inl, att, nil
}

// tagsOf reads the tags of resources of one kind.
func (a authz) tagsOf(ctx context.Context, kind store.Kind, keys []string) (map[string][]store.Tag, error) {
	m := map[string][]store.Tag{}
	if len(keys) == 0 {
		return m, nil
	}
	q := newQB(`SELECT resource_key, tag_key, value FROM tags WHERE resource_kind = $1 AND resource_key`, string(kind))
	q.in(keys).WriteString(" ORDER BY resource_key, position")
	type kt struct {
		key string
		tag store.Tag
	}
	ts, err := list(ctx, a.t, "tags", q, func(r rowScanner) (kt, error) {
		var x kt
		err := r.Scan(&x.key, &x.tag.Key, &x.tag.Value)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	for _, x := range ts {
		m[x.key] = append(m[x.key], x.tag)
	}
	return m, nil
}

func (a authz) UserDetails(ctx context.Context, accountID string, o store.ListOptions) ([]store.UserDetail, bool, error) {
	us, more, err := users(a).List(ctx, accountID, o)
	if err != nil || len(us) == 0 {
		return nil, more, err
	}
	ids := make([]string, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	inl, att, err := a.ownedBy(ctx, store.PrincipalUser, ids)
	if err != nil {
		return nil, false, err
	}
	tg, err := a.tagsOf(ctx, store.KindUser, ids)
	if err != nil {
		return nil, false, err
	}
	q := newQB(`SELECT m.user_id, g.name FROM group_members m JOIN iam_groups g ON g.id = m.group_id WHERE m.user_id`)
	q.in(ids).WriteString(" ORDER BY m.user_id, g.name_fold")
	type ug struct{ user, group string }
	memb, err := list(ctx, a.t, "group memberships", q, func(r rowScanner) (ug, error) {
		var x ug
		err := r.Scan(&x.user, &x.group)
		return x, err
	})
	if err != nil {
		return nil, false, err
	}
	groupsOf := map[string][]string{}
	for _, x := range memb {
		groupsOf[x.user] = append(groupsOf[x.user], x.group)
	}
	out := make([]store.UserDetail, len(us))
	for i, u := range us {
		out[i] = store.UserDetail{User: u, Inline: inl[u.ID], Groups: groupsOf[u.ID], Attached: att[u.ID], Tags: tg[u.ID]}
	}
	return out, more, nil
}

func (a authz) GroupDetails(ctx context.Context, accountID string, o store.ListOptions) ([]store.GroupDetail, bool, error) {
	gs, more, err := groups(a).List(ctx, accountID, o)
	if err != nil || len(gs) == 0 {
		return nil, more, err
	}
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	inl, att, err := a.ownedBy(ctx, store.PrincipalGroup, ids)
	if err != nil {
		return nil, false, err
	}
	out := make([]store.GroupDetail, len(gs))
	for i, g := range gs {
		out[i] = store.GroupDetail{Group: g, Inline: inl[g.ID], Attached: att[g.ID]}
	}
	return out, more, nil
}

func (a authz) RoleDetails(ctx context.Context, accountID string, o store.ListOptions) ([]store.RoleDetail, bool, error) {
	rs, more, err := roles(a).List(ctx, accountID, o)
	if err != nil || len(rs) == 0 {
		return nil, more, err
	}
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	inl, att, err := a.ownedBy(ctx, store.PrincipalRole, ids)
	if err != nil {
		return nil, false, err
	}
	tg, err := a.tagsOf(ctx, store.KindRole, ids)
	if err != nil {
		return nil, false, err
	}
	q := newQB(`SELECT x.role_id, ` + profileColsP + ` FROM instance_profile_roles x JOIN instance_profiles p
		ON p.id = x.profile_id WHERE x.role_id`)
	q.in(ids).WriteString(" ORDER BY x.role_id, p.name_fold")
	type rp struct {
		role    string
		profile store.InstanceProfile
	}
	rps, err := list(ctx, a.t, "instance profiles", q, func(r rowScanner) (rp, error) {
		var x rp
		err := r.Scan(&x.role, &x.profile.ID, &x.profile.AccountID, &x.profile.Name, &x.profile.Path, &x.profile.ARN,
			nt{&x.profile.Created})
		return x, err
	})
	if err != nil {
		return nil, false, err
	}
	profiles := make([]store.InstanceProfile, len(rps))
	for i, x := range rps {
		profiles[i] = x.profile
	}
	if err := (instanceProfiles{a.t}).withRoles(ctx, profiles); err != nil {
		return nil, false, err
	}
	profilesOf := map[string][]store.InstanceProfile{}
	for i, x := range rps {
		profilesOf[x.role] = append(profilesOf[x.role], profiles[i])
	}
	out := make([]store.RoleDetail, len(rs))
	for i, r := range rs {
		out[i] = store.RoleDetail{Role: r, Inline: inl[r.ID], Attached: att[r.ID], InstanceProfiles: profilesOf[r.ID],
			Tags: tg[r.ID]}
	}
	return out, more, nil
}

func (a authz) PolicyDetails(ctx context.Context, accountID string, o store.PolicyListOptions) ([]store.PolicyDetail, bool, error) {
	ps, more, err := policies(a).List(ctx, accountID, o)
	if err != nil || len(ps) == 0 {
		return nil, more, err
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	q := newQB(`SELECT v.policy_id, v.version, v.document, v.created, v.version = p.default_version
		FROM policy_versions v JOIN policies p ON p.id = v.policy_id WHERE v.policy_id`)
	q.in(ids).WriteString(" ORDER BY v.policy_id, v.version DESC")
	type pv struct {
		policy string
		v      store.PolicyVersion
	}
	vs, err := list(ctx, a.t, "policy versions", q, func(r rowScanner) (pv, error) {
		var x pv
		var num int
		err := r.Scan(&x.policy, &num, &x.v.Document, nt{&x.v.Created}, &x.v.IsDefault)
		x.v.VersionID = versionID(num)
		return x, err
	})
	if err != nil {
		return nil, false, err
	}
	versionsOf := map[string][]store.PolicyVersion{}
	for _, x := range vs {
		versionsOf[x.policy] = append(versionsOf[x.policy], x.v)
	}
	out := make([]store.PolicyDetail, len(ps))
	for i, p := range ps {
		out[i] = store.PolicyDetail{Policy: p, Versions: versionsOf[p.ID]}
	}
	return out, more, nil
}
