package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

type accounts struct{ t *tx }

const accountCols = `id, alias, name, email, created`

func scanAccount(r rowScanner) (store.Account, error) {
	var a store.Account
	err := r.Scan(&a.ID, ns{&a.Alias}, &a.Name, &a.Email, nt{&a.Created})
	return a, err
}

func (s accounts) Create(ctx context.Context, a store.Account) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("account %s", a.ID),
		`INSERT INTO accounts (`+accountCols+`) VALUES ($1, $2, $3, $4, $5)`,
		a.ID, nullIfEmpty(a.Alias), a.Name, a.Email, tsNN(a.Created))
	if err == nil {
		s.t.changed(a.ID, store.KindAccount, a.ID)
	}
	return err
}

func (s accounts) get(ctx context.Context, what, where string, arg any) (store.Account, error) {
	r := s.t.queryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE `+where+s.t.forUpdate(), arg)
	a, err := scanAccount(r)
	if err != nil {
		return a, s.t.mapErr(what, err)
	}
	s.t.markLocked("accounts", "id", a.ID)
	return a, nil
}

func (s accounts) Get(ctx context.Context, id string) (store.Account, error) {
	return s.get(ctx, fmt.Sprintf("account %s", id), `id = $1`, id)
}

func (s accounts) GetByAlias(ctx context.Context, alias string) (store.Account, error) {
	return s.get(ctx, fmt.Sprintf("account alias %q", alias), `alias = $1`, alias)
}

func (s accounts) List(ctx context.Context, after string, n int) ([]store.Account, bool, error) {
	n = limit(n)
	as, err := list(ctx, s.t, "accounts", newQB(`SELECT `+accountCols+` FROM accounts WHERE id > $1 ORDER BY id LIMIT $2`, after, n+1), scanAccount)
	if err != nil {
		return nil, false, err
	}
	as, more := page(as, n)
	return as, more, nil
}

func (s accounts) Update(ctx context.Context, a store.Account) error {
	err := s.t.execOne(ctx, fmt.Sprintf("account %s", a.ID),
		`UPDATE accounts SET alias = $2, name = $3, email = $4 WHERE id = $1`, a.ID, nullIfEmpty(a.Alias), a.Name, a.Email)
	if err == nil {
		s.t.changed(a.ID, store.KindAccount, a.ID)
	}
	return err
}

// Delete removes the account and, by cascade, everything in it. The change feed records only
// the account: a cache drops everything it holds for an account that changed this way.
func (s accounts) Delete(ctx context.Context, id string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("account %s", id), `DELETE FROM accounts WHERE id = $1`, id)
	if err == nil {
		s.t.changed(id, store.KindAccount, id)
	}
	return err
}

func (s accounts) PasswordPolicy(ctx context.Context, id string) (store.PasswordPolicy, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "accounts", "id", id)); err != nil {
		return store.PasswordPolicy{}, err
	}
	var p store.PasswordPolicy
	err := s.t.one(ctx, fmt.Sprintf("password policy of account %s", id), `SELECT minimum_length, require_symbols,
		require_numbers, require_uppercase, require_lowercase, allow_users_to_change, max_age_days, reuse_prevention,
		hard_expiry FROM account_password_policies WHERE account_id = $1`, []any{id},
		&p.MinimumPasswordLength, &p.RequireSymbols, &p.RequireNumbers, &p.RequireUppercaseCharacters,
		&p.RequireLowercaseCharacters, &p.AllowUsersToChangePassword, &p.MaxPasswordAge, &p.PasswordReusePrevention,
		&p.HardExpiry)
	return p, err
}

func (s accounts) PutPasswordPolicy(ctx context.Context, id string, p store.PasswordPolicy) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("password policy of account %s", id), `INSERT INTO account_password_policies
		(account_id, minimum_length, require_symbols, require_numbers, require_uppercase, require_lowercase,
		allow_users_to_change, max_age_days, reuse_prevention, hard_expiry)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (account_id) DO UPDATE SET minimum_length = excluded.minimum_length,
		require_symbols = excluded.require_symbols, require_numbers = excluded.require_numbers,
		require_uppercase = excluded.require_uppercase, require_lowercase = excluded.require_lowercase,
		allow_users_to_change = excluded.allow_users_to_change, max_age_days = excluded.max_age_days,
		reuse_prevention = excluded.reuse_prevention, hard_expiry = excluded.hard_expiry`,
		id, p.MinimumPasswordLength, p.RequireSymbols, p.RequireNumbers, p.RequireUppercaseCharacters,
		p.RequireLowercaseCharacters, p.AllowUsersToChangePassword, p.MaxPasswordAge, p.PasswordReusePrevention,
		p.HardExpiry)
	if err == nil {
		s.t.changed(id, store.KindAccount, id)
	}
	return err
}

func (s accounts) DeletePasswordPolicy(ctx context.Context, id string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("password policy of account %s", id),
		`DELETE FROM account_password_policies WHERE account_id = $1`, id)
	if err == nil {
		s.t.changed(id, store.KindAccount, id)
	}
	return err
}

func (s accounts) Settings(ctx context.Context, id string) (store.AccountSettings, error) {
	var st store.AccountSettings
	if _, err := s.Get(ctx, id); err != nil {
		return st, err
	}
	rows, err := list(ctx, s.t, "account settings", newQB(`SELECT global_endpoint_token_version, outbound_wif_enabled,
		outbound_wif_issuer, org_root_credentials, org_root_sessions FROM account_settings WHERE account_id = $1`, id),
		func(r rowScanner) (store.AccountSettings, error) {
			var st store.AccountSettings
			err := r.Scan(&st.GlobalEndpointTokenVersion, &st.OutboundWebIdentityFederation,
				&st.OutboundWebIdentityIssuer, &st.OrganizationsRootCredentialsManagement, &st.OrganizationsRootSessions)
			return st, err
		})
	if err != nil || len(rows) == 0 {
		return st, err
	}
	return rows[0], nil
}

func (s accounts) PutSettings(ctx context.Context, id string, st store.AccountSettings) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("settings of account %s", id), `INSERT INTO account_settings
		(account_id, global_endpoint_token_version, outbound_wif_enabled, outbound_wif_issuer, org_root_credentials,
		org_root_sessions) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id) DO UPDATE SET global_endpoint_token_version = excluded.global_endpoint_token_version,
		outbound_wif_enabled = excluded.outbound_wif_enabled, outbound_wif_issuer = excluded.outbound_wif_issuer,
		org_root_credentials = excluded.org_root_credentials, org_root_sessions = excluded.org_root_sessions`,
		id, st.GlobalEndpointTokenVersion, st.OutboundWebIdentityFederation, st.OutboundWebIdentityIssuer,
		st.OrganizationsRootCredentialsManagement, st.OrganizationsRootSessions)
	if err == nil {
		s.t.changed(id, store.KindAccount, id)
	}
	return err
}

func (s accounts) CredentialReport(ctx context.Context, id string) (store.CredentialReport, error) {
	var r store.CredentialReport
	err := s.t.one(ctx, fmt.Sprintf("credential report of account %s", id),
		`SELECT generated, content FROM credential_reports WHERE account_id = $1`, []any{id}, nt{&r.Generated}, &r.Content)
	return r, err
}

// PutCredentialReport stores a report. Reports do not affect authorization, so they are not
// changes.
func (s accounts) PutCredentialReport(ctx context.Context, id string, r store.CredentialReport) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("credential report of account %s", id), `INSERT INTO credential_reports
		(account_id, generated, content) VALUES ($1, $2, $3)
		ON CONFLICT (account_id) DO UPDATE SET generated = excluded.generated, content = excluded.content`,
		id, tsNN(r.Generated), r.Content)
	return err
}

func (s accounts) Summary(ctx context.Context, id string) (store.AccountSummary, error) {
	var m store.AccountSummary
	if _, err := s.Get(ctx, id); err != nil {
		return m, err
	}
	err := s.t.one(ctx, fmt.Sprintf("summary of account %s", id), `SELECT
		(SELECT COUNT(*) FROM users WHERE account_id = $1),
		(SELECT COUNT(*) FROM iam_groups WHERE account_id = $1),
		(SELECT COUNT(*) FROM roles WHERE account_id = $1),
		(SELECT COUNT(*) FROM policies WHERE account_id = $1),
		(SELECT COUNT(*) FROM instance_profiles WHERE account_id = $1),
		(SELECT COUNT(*) FROM server_certificates WHERE account_id = $1),
		(SELECT COUNT(*) FROM mfa_devices WHERE account_id = $1),
		(SELECT COUNT(*) FROM mfa_devices WHERE account_id = $1 AND (user_id IS NOT NULL OR root_user)),
		(SELECT COUNT(*) FROM oidc_providers WHERE account_id = $1) + (SELECT COUNT(*) FROM saml_providers WHERE account_id = $1),
		(SELECT COUNT(*) FROM policy_versions v JOIN policies p ON p.id = v.policy_id WHERE p.account_id = $1),
		EXISTS (SELECT 1 FROM access_keys WHERE account_id = $1 AND user_id IS NULL),
		EXISTS (SELECT 1 FROM signing_certificates WHERE account_id = $1 AND user_id IS NULL),
		EXISTS (SELECT 1 FROM mfa_devices WHERE account_id = $1 AND root_user)`, []any{id},
		&m.Users, &m.Groups, &m.Roles, &m.Policies, &m.InstanceProfiles, &m.ServerCertificates, &m.MFADevices,
		&m.MFADevicesInUse, &m.Providers, &m.PolicyVersionsInUse, &m.AccountAccessKeysPresent,
		&m.AccountSigningCertificatesPresent, &m.AccountMFAEnabled)
	return m, err
}

// GetByEmail compares emails folded in Go's way on the argument and by lower() on the column:
// addresses are ASCII in practice, where both agree.
func (s accounts) GetByEmail(ctx context.Context, email string) (store.Account, error) {
	what := fmt.Sprintf("account with email %q", email)
	if email == "" {
		return store.Account{}, fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	as, err := list(ctx, s.t, what, newQB(`SELECT `+accountCols+` FROM accounts WHERE lower(email) = $1
		ORDER BY id LIMIT 1`, fold(email)), scanAccount)
	if err != nil {
		return store.Account{}, err
	}
	if len(as) == 0 {
		return store.Account{}, fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return as[0], nil
}

func (s accounts) RootPassword(ctx context.Context, id string) (store.RootPassword, error) {
	p := store.RootPassword{AccountID: id}
	err := s.t.one(ctx, fmt.Sprintf("root password of account %s", id), `SELECT password_hash, changed, last_used
		FROM root_passwords WHERE account_id = $1`, []any{id}, &p.PasswordHash, nt{&p.Changed}, nt{&p.LastUsed})
	return p, err
}

func (s accounts) PutRootPassword(ctx context.Context, p store.RootPassword) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("root password of account %s", p.AccountID), `INSERT INTO root_passwords
		(account_id, password_hash, changed, last_used) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id) DO UPDATE SET password_hash = excluded.password_hash, changed = excluded.changed,
		last_used = excluded.last_used`, p.AccountID, p.PasswordHash, tsNN(p.Changed), ts(p.LastUsed))
	if err == nil {
		s.t.changed(p.AccountID, store.KindAccount, p.AccountID)
	}
	return err
}

// RecordRootPasswordUse is not a change: no cache reads it.
func (s accounts) RecordRootPasswordUse(ctx context.Context, id string, at time.Time) error {
	return s.t.execOne(ctx, fmt.Sprintf("root password of account %s", id),
		`UPDATE root_passwords SET last_used = $2 WHERE account_id = $1`, id, ts(at))
}

func (s accounts) DeleteRootPassword(ctx context.Context, id string) error {
	err := s.t.execOne(ctx, fmt.Sprintf("root password of account %s", id),
		`DELETE FROM root_passwords WHERE account_id = $1`, id)
	if err == nil {
		s.t.changed(id, store.KindAccount, id)
	}
	return err
}
