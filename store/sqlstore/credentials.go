package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

type loginProfiles struct{ t *tx }

func (s loginProfiles) Create(ctx context.Context, p store.LoginProfile) error {
	what := fmt.Sprintf("login profile of user %s", p.UserID)
	account, err := s.t.accountOf(ctx, what, "users", p.UserID)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO login_profiles (user_id, password_hash, created, reset_required,
		password_changed) VALUES ($1, $2, $3, $4, $5)`, p.UserID, p.PasswordHash, tsNN(p.Created), p.PasswordResetRequired,
		ts(p.PasswordChanged)); err != nil {
		return err
	}
	s.t.changed(account, store.KindLoginProfile, p.UserID)
	return nil
}

func (s loginProfiles) Get(ctx context.Context, userID string) (store.LoginProfile, error) {
	if err := s.t.lockOwner(ctx, "", userID); err != nil {
		return store.LoginProfile{}, err
	}
	p := store.LoginProfile{UserID: userID}
	err := s.t.one(ctx, fmt.Sprintf("login profile of user %s", userID), `SELECT password_hash, created, reset_required,
		password_changed FROM login_profiles WHERE user_id = $1`, []any{userID},
		&p.PasswordHash, nt{&p.Created}, &p.PasswordResetRequired, nt{&p.PasswordChanged})
	return p, err
}

func (s loginProfiles) Update(ctx context.Context, p store.LoginProfile) error {
	what := fmt.Sprintf("login profile of user %s", p.UserID)
	var account string
	if err := s.t.writeRow(ctx, what, `UPDATE login_profiles SET password_hash = $2, reset_required = $3, password_changed = $4
		WHERE user_id = $1 RETURNING (SELECT account_id FROM users WHERE id = $1)`,
		[]any{p.UserID, p.PasswordHash, p.PasswordResetRequired, ts(p.PasswordChanged)}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindLoginProfile, p.UserID)
	return nil
}

func (s loginProfiles) Delete(ctx context.Context, userID string) error {
	what := fmt.Sprintf("login profile of user %s", userID)
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM login_profiles WHERE user_id = $1
		RETURNING (SELECT account_id FROM users WHERE id = $1)`, []any{userID}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindLoginProfile, userID)
	return nil
}

func (s loginProfiles) AddPasswordHistory(ctx context.Context, userID string, e store.PasswordHistoryEntry) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("password history of user %s", userID), `INSERT INTO password_history
		(user_id, seq, password_hash, set_at)
		SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3 FROM password_history WHERE user_id = $1`,
		userID, e.PasswordHash, tsNN(e.Set))
	return err
}

func (s loginProfiles) PasswordHistory(ctx context.Context, userID string, n int) ([]store.PasswordHistoryEntry, error) {
	if err := s.t.lockOwner(ctx, "", userID); err != nil {
		return nil, err
	}
	return list(ctx, s.t, fmt.Sprintf("password history of user %s", userID), newQB(`SELECT password_hash, set_at
		FROM password_history WHERE user_id = $1 ORDER BY seq DESC LIMIT $2`, userID, limit(n)),
		func(r rowScanner) (store.PasswordHistoryEntry, error) {
			var e store.PasswordHistoryEntry
			err := r.Scan(&e.PasswordHash, nt{&e.Set})
			return e, err
		})
}

func (s loginProfiles) TrimPasswordHistory(ctx context.Context, userID string, keep int) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("password history of user %s", userID), `DELETE FROM password_history
		WHERE user_id = $1 AND seq NOT IN (SELECT seq FROM password_history WHERE user_id = $1 ORDER BY seq DESC LIMIT $2)`,
		userID, max(keep, 0))
	return err
}

type mfaDevices struct{ t *tx }

const mfaSelect = `SELECT d.serial, d.account_id, d.kind, d.name, d.path, d.sealed_seed, d.user_id, d.root_user, d.enable_date,
	d.last_time_step, u.name FROM mfa_devices d LEFT JOIN users u ON u.id = d.user_id`

func scanMFA(r rowScanner) (store.MFADevice, error) {
	var d store.MFADevice
	err := r.Scan(&d.SerialNumber, &d.AccountID, &d.Kind, &d.Name, &d.Path, &d.SealedSeed, ns{&d.UserID}, &d.RootUser,
		nt{&d.EnableDate}, &d.LastTimeStep, ns{&d.UserName})
	return d, err
}

func (s mfaDevices) Create(ctx context.Context, d store.MFADevice) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("MFA device %s", d.SerialNumber), `INSERT INTO mfa_devices (serial, account_id, kind,
		name, path, sealed_seed, user_id, root_user, enable_date, last_time_step) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		d.SerialNumber, d.AccountID, d.Kind, d.Name, d.Path, d.SealedSeed, nullIfEmpty(d.UserID), d.RootUser,
		ts(d.EnableDate), d.LastTimeStep)
	if err == nil {
		s.t.changed(d.AccountID, store.KindMFADevice, d.SerialNumber)
	}
	return err
}

func (s mfaDevices) Get(ctx context.Context, serial string) (store.MFADevice, error) {
	d, err := scanMFA(s.t.queryRow(ctx, mfaSelect+` WHERE d.serial = $1`+s.t.forUpdateOf("d"), serial))
	if err != nil {
		return d, s.t.mapErr(fmt.Sprintf("MFA device %s", serial), err)
	}
	return d, nil
}

func (s mfaDevices) write(ctx context.Context, serial, set string, args ...any) error {
	var account string
	if err := s.t.writeRow(ctx, fmt.Sprintf("MFA device %s", serial), `UPDATE mfa_devices SET `+set+
		` WHERE serial = $1 RETURNING account_id`, append([]any{serial}, args...), &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindMFADevice, serial)
	return nil
}

func (s mfaDevices) Assign(ctx context.Context, serial, userID string, root bool, enabled time.Time, step int64) error {
	if userID != "" {
		d, err := s.Get(ctx, serial)
		if err != nil {
			return err
		}
		if a, err := s.t.accountOf(ctx, fmt.Sprintf("user %s", userID), "users", userID); err != nil {
			return err
		} else if a != d.AccountID {
			return fmt.Errorf("MFA device %s: user %s in another account: %w", serial, userID, store.ErrNotFound)
		}
	}
	return s.write(ctx, serial, `user_id = $2, root_user = $3, enable_date = $4, last_time_step = $5`,
		nullIfEmpty(userID), root, ts(enabled), step)
}

func (s mfaDevices) Unassign(ctx context.Context, serial string) error {
	return s.write(ctx, serial, `user_id = NULL, root_user = FALSE, enable_date = NULL`)
}

func (s mfaDevices) AcceptTimeStep(ctx context.Context, serial string, step int64) error {
	res, err := s.t.exec(ctx, fmt.Sprintf("MFA device %s", serial), `UPDATE mfa_devices SET last_time_step = $2
		WHERE serial = $1 AND last_time_step < $2`, serial, step)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 1 {
		return nil
	}
	if _, err := s.Get(ctx, serial); err != nil {
		return err
	}
	return fmt.Errorf("MFA device %s: time-step %d already used: %w", serial, step, store.ErrConflict)
}

func (s mfaDevices) Delete(ctx context.Context, serial string) error {
	what := fmt.Sprintf("MFA device %s", serial)
	if err := s.t.deleteOwned(ctx, what, "", store.KindMFADevice, serial); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM mfa_devices WHERE serial = $1 RETURNING account_id`, []any{serial}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindMFADevice, serial)
	return nil
}

func (s mfaDevices) ForUser(ctx context.Context, accountID, userID string, o store.ListOptions) ([]store.MFADevice, bool, error) {
	if err := s.t.lockOwner(ctx, accountID, userID); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(mfaSelect+` WHERE d.account_id = $1 AND d.serial > $2`, accountID, o.After)
	if userID == "" {
		q.WriteString(" AND d.root_user")
	} else {
		q.add(" AND d.user_id = ?", userID)
	}
	q.add(" ORDER BY d.serial LIMIT ?", n+1)
	ds, err := list(ctx, s.t, "MFA devices", q, scanMFA)
	if err != nil {
		return nil, false, err
	}
	ds, more := page(ds, n)
	return ds, more, nil
}

func (s mfaDevices) ListVirtual(ctx context.Context, accountID string, a store.MFAAssignment, o store.ListOptions) ([]store.MFADevice, bool, error) {
	n := limit(o.Limit)
	q := newQB(mfaSelect+` WHERE d.account_id = $1 AND d.kind = $2 AND d.serial > $3`, accountID, store.MFAVirtual, o.After)
	switch a {
	case store.MFAAssigned:
		q.WriteString(" AND (d.user_id IS NOT NULL OR d.root_user)")
	case store.MFAUnassigned:
		q.WriteString(" AND d.user_id IS NULL AND NOT d.root_user")
	}
	q.add(" ORDER BY d.serial LIMIT ?", n+1)
	ds, err := list(ctx, s.t, "MFA devices", q, scanMFA)
	if err != nil {
		return nil, false, err
	}
	ds, more := page(ds, n)
	return ds, more, nil
}

type sshKeys struct{ t *tx }

const sshSelect = `SELECT k.id, k.user_id, k.body, k.fingerprint, k.status, k.uploaded, u.name
	FROM ssh_public_keys k JOIN users u ON u.id = k.user_id`

func scanSSH(r rowScanner) (store.SSHPublicKey, error) {
	var k store.SSHPublicKey
	err := r.Scan(&k.ID, &k.UserID, &k.Body, &k.Fingerprint, &k.Status, nt{&k.Uploaded}, &k.UserName)
	return k, err
}

func (s sshKeys) Create(ctx context.Context, k store.SSHPublicKey) error {
	what := fmt.Sprintf("SSH public key %s", k.ID)
	account, err := s.t.accountOf(ctx, what, "users", k.UserID)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO ssh_public_keys (id, user_id, body, fingerprint, status, uploaded)
		VALUES ($1, $2, $3, $4, $5, $6)`, k.ID, k.UserID, k.Body, k.Fingerprint, k.Status, tsNN(k.Uploaded)); err != nil {
		return err
	}
	s.t.changed(account, store.KindSSHPublicKey, k.ID)
	return nil
}

func (s sshKeys) Get(ctx context.Context, userID, id string) (store.SSHPublicKey, error) {
	k, err := scanSSH(s.t.queryRow(ctx, sshSelect+` WHERE k.user_id = $1 AND k.id = $2`+s.t.forUpdateOf("k"), userID, id))
	if err != nil {
		return k, s.t.mapErr(fmt.Sprintf("SSH public key %s", id), err)
	}
	return k, nil
}

func (s sshKeys) ForUser(ctx context.Context, userID string, o store.ListOptions) ([]store.SSHPublicKey, bool, error) {
	if err := s.t.lockOwner(ctx, "", userID); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	ks, err := list(ctx, s.t, "SSH public keys", newQB(sshSelect+` WHERE k.user_id = $1 AND k.id > $2 ORDER BY k.id LIMIT $3`,
		userID, o.After, n+1), scanSSH)
	if err != nil {
		return nil, false, err
	}
	ks, more := page(ks, n)
	return ks, more, nil
}

func (s sshKeys) UpdateStatus(ctx context.Context, userID, id, status string) error {
	var account string
	if err := s.t.writeRow(ctx, fmt.Sprintf("SSH public key %s", id), `UPDATE ssh_public_keys SET status = $3
		WHERE user_id = $1 AND id = $2 RETURNING (SELECT account_id FROM users WHERE id = $1)`,
		[]any{userID, id, status}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindSSHPublicKey, id)
	return nil
}

func (s sshKeys) Delete(ctx context.Context, userID, id string) error {
	var account string
	if err := s.t.writeRow(ctx, fmt.Sprintf("SSH public key %s", id), `DELETE FROM ssh_public_keys
		WHERE user_id = $1 AND id = $2 RETURNING (SELECT account_id FROM users WHERE id = $1)`,
		[]any{userID, id}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindSSHPublicKey, id)
	return nil
}

type signingCerts struct{ t *tx }

const certSelect = `SELECT c.id, c.account_id, c.user_id, c.body, c.status, c.uploaded, u.name
	FROM signing_certificates c LEFT JOIN users u ON u.id = c.user_id`

func scanCert(r rowScanner) (store.SigningCertificate, error) {
	var c store.SigningCertificate
	err := r.Scan(&c.ID, &c.AccountID, ns{&c.UserID}, &c.Body, &c.Status, nt{&c.Uploaded}, ns{&c.UserName})
	return c, err
}

func (s signingCerts) Create(ctx context.Context, c store.SigningCertificate) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("signing certificate %s", c.ID), `INSERT INTO signing_certificates (account_id, id,
		user_id, body, status, uploaded) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.AccountID, c.ID, nullIfEmpty(c.UserID), c.Body, c.Status, tsNN(c.Uploaded))
	if err == nil {
		s.t.changed(c.AccountID, store.KindSigningCertificate, c.ID)
	}
	return err
}

func (s signingCerts) Get(ctx context.Context, accountID, id string) (store.SigningCertificate, error) {
	c, err := scanCert(s.t.queryRow(ctx, certSelect+` WHERE c.account_id = $1 AND c.id = $2`+s.t.forUpdateOf("c"), accountID, id))
	if err != nil {
		return c, s.t.mapErr(fmt.Sprintf("signing certificate %s", id), err)
	}
	return c, nil
}

func (s signingCerts) ForUser(ctx context.Context, accountID, userID string, o store.ListOptions) ([]store.SigningCertificate, bool, error) {
	if err := s.t.lockOwner(ctx, accountID, userID); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(certSelect+` WHERE c.account_id = $1 AND c.id > $2`, accountID, o.After)
	ownerClause(q, "c.user_id", userID)
	q.add(" ORDER BY c.id LIMIT ?", n+1)
	cs, err := list(ctx, s.t, "signing certificates", q, scanCert)
	if err != nil {
		return nil, false, err
	}
	cs, more := page(cs, n)
	return cs, more, nil
}

func (s signingCerts) UpdateStatus(ctx context.Context, accountID, id, status string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("signing certificate %s", id), `UPDATE signing_certificates SET status = $3
		WHERE account_id = $1 AND id = $2`, accountID, id, status)
	if err == nil {
		s.t.changed(accountID, store.KindSigningCertificate, id)
	}
	return err
}

func (s signingCerts) Delete(ctx context.Context, accountID, id string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("signing certificate %s", id), `DELETE FROM signing_certificates
		WHERE account_id = $1 AND id = $2`, accountID, id)
	if err == nil {
		s.t.changed(accountID, store.KindSigningCertificate, id)
	}
	return err
}

type serviceCreds struct{ t *tx }

const credSelect = `SELECT c.id, c.account_id, c.user_id, c.service_name, c.service_user_name, c.alias, c.sealed_password,
	c.status, c.created, c.expires, u.name FROM service_credentials c JOIN users u ON u.id = c.user_id`

func scanCred(r rowScanner) (store.ServiceCredential, error) {
	var c store.ServiceCredential
	err := r.Scan(&c.ID, &c.AccountID, &c.UserID, &c.ServiceName, &c.ServiceUserName, &c.Alias, &c.SealedPassword,
		&c.Status, nt{&c.Created}, nt{&c.Expires}, &c.UserName)
	return c, err
}

func (s serviceCreds) Create(ctx context.Context, c store.ServiceCredential) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("service-specific credential %s", c.ID), `INSERT INTO service_credentials (id, account_id,
		user_id, service_name, service_user_name, alias, sealed_password, status, created, expires)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ID, c.AccountID, c.UserID, c.ServiceName, c.ServiceUserName,
		c.Alias, c.SealedPassword, c.Status, tsNN(c.Created), ts(c.Expires))
	if err == nil {
		s.t.changed(c.AccountID, store.KindServiceCredential, c.ID)
	}
	return err
}

func (s serviceCreds) Get(ctx context.Context, accountID, id string) (store.ServiceCredential, error) {
	c, err := scanCred(s.t.queryRow(ctx, credSelect+` WHERE c.account_id = $1 AND c.id = $2`+s.t.forUpdateOf("c"), accountID, id))
	if err != nil {
		return c, s.t.mapErr(fmt.Sprintf("service-specific credential %s", id), err)
	}
	return c, nil
}

func (s serviceCreds) List(ctx context.Context, accountID string, f store.ServiceCredentialFilter, o store.ListOptions) ([]store.ServiceCredential, bool, error) {
	if !f.AllUsers {
		if err := s.t.lockOwner(ctx, accountID, f.UserID); err != nil {
			return nil, false, err
		}
	}
	n := limit(o.Limit)
	q := newQB(credSelect+` WHERE c.account_id = $1 AND c.id > $2`, accountID, o.After)
	if !f.AllUsers {
		q.add(" AND c.user_id = ?", f.UserID)
	}
	if f.ServiceName != "" {
		q.add(" AND c.service_name = ?", f.ServiceName)
	}
	q.add(" ORDER BY c.id LIMIT ?", n+1)
	cs, err := list(ctx, s.t, "service-specific credentials", q, scanCred)
	if err != nil {
		return nil, false, err
	}
	cs, more := page(cs, n)
	return cs, more, nil
}

func (s serviceCreds) set(ctx context.Context, accountID, id, set string, v any) error {
	err := s.t.execOne(ctx, fmt.Sprintf("service-specific credential %s", id), `UPDATE service_credentials SET `+set+
		` = $3 WHERE account_id = $1 AND id = $2`, accountID, id, v)
	if err == nil {
		s.t.changed(accountID, store.KindServiceCredential, id)
	}
	return err
}

func (s serviceCreds) UpdateStatus(ctx context.Context, accountID, id, status string) error {
	return s.set(ctx, accountID, id, "status", status)
}

func (s serviceCreds) ResetPassword(ctx context.Context, accountID, id string, sealed []byte) error {
	return s.set(ctx, accountID, id, "sealed_password", sealed)
}

func (s serviceCreds) Delete(ctx context.Context, accountID, id string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("service-specific credential %s", id), `DELETE FROM service_credentials
		WHERE account_id = $1 AND id = $2`, accountID, id)
	if err == nil {
		s.t.changed(accountID, store.KindServiceCredential, id)
	}
	return err
}
