package sqlstore

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
)

// UserCredentials reads one page of users and then, for the whole page at once, their login
// profiles, enabled MFA devices, access keys and signing certificates: five queries per page,
// however many users it holds.
func (s accounts) UserCredentials(ctx context.Context, accountID string, o store.ListOptions) ([]store.UserCredentials, bool, error) {
	us, more, err := users(s).List(ctx, accountID, o)
	if err != nil || len(us) == 0 {
		return nil, more, err
	}
	ids := make([]string, len(us))
	byID := make(map[string]*store.UserCredentials, len(us))
	out := make([]store.UserCredentials, len(us))
	for i, u := range us {
		ids[i] = u.ID
		out[i].User = u
		byID[u.ID] = &out[i]
	}

	q := newQB(`SELECT user_id, created, reset_required, password_changed FROM login_profiles WHERE user_id`)
	profiles, err := list(ctx, s.t, "login profiles", q.in(ids), func(r rowScanner) (store.LoginProfile, error) {
		var p store.LoginProfile
		err := r.Scan(&p.UserID, nt{&p.Created}, &p.PasswordResetRequired, nt{&p.PasswordChanged})
		return p, err
	})
	if err != nil {
		return nil, false, err
	}
	for _, p := range profiles {
		byID[p.UserID].LoginProfile = &p
	}

	q = newQB(`SELECT user_id, COUNT(*) FROM mfa_devices WHERE user_id`)
	q.in(ids).WriteString(" GROUP BY user_id")
	type count struct {
		user string
		n    int
	}
	counts, err := list(ctx, s.t, "MFA devices", q, func(r rowScanner) (count, error) {
		var c count
		err := r.Scan(&c.user, &c.n)
		return c, err
	})
	if err != nil {
		return nil, false, err
	}
	for _, c := range counts {
		byID[c.user].MFADevices = c.n
	}

	q = newQB(`SELECT k.id, k.account_id, k.user_id, u.name, k.status, k.created, k.last_used, k.last_used_service,
		k.last_used_region FROM access_keys k JOIN users u ON u.id = k.user_id WHERE k.user_id`)
	q.in(ids).WriteString(" ORDER BY k.user_id, k.created, k.id")
	keys, err := list(ctx, s.t, "access keys", q, func(r rowScanner) (store.AccessKey, error) {
		var k store.AccessKey
		err := r.Scan(&k.ID, &k.AccountID, &k.UserID, &k.UserName, &k.Status, nt{&k.Created}, nt{&k.LastUsed.When},
			&k.LastUsed.Service, &k.LastUsed.Region)
		return k, err
	})
	if err != nil {
		return nil, false, err
	}
	for _, k := range keys {
		u := byID[k.UserID]
		u.AccessKeys = append(u.AccessKeys, k)
	}

	q = newQB(`SELECT c.id, c.account_id, c.user_id, u.name, c.status, c.uploaded FROM signing_certificates c
		JOIN users u ON u.id = c.user_id WHERE c.user_id`)
	q.in(ids).WriteString(" ORDER BY c.user_id, c.uploaded, c.id")
	certs, err := list(ctx, s.t, "signing certificates", q, func(r rowScanner) (store.SigningCertificate, error) {
		var c store.SigningCertificate
		err := r.Scan(&c.ID, &c.AccountID, &c.UserID, &c.UserName, &c.Status, nt{&c.Uploaded})
		return c, err
	})
	if err != nil {
		return nil, false, err
	}
	for _, c := range certs {
		u := byID[c.UserID]
		u.SigningCertificates = append(u.SigningCertificates, c)
	}
	return out, more, nil
}
