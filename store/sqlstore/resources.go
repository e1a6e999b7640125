package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

type serverCerts struct{ t *tx }

const serverCertCols = `id, account_id, name, path, arn, body, chain, sealed_private_key, expiration, uploaded`

func scanServerCert(r rowScanner) (store.ServerCertificate, error) {
	var c store.ServerCertificate
	err := r.Scan(&c.ID, &c.AccountID, &c.Name, &c.Path, &c.ARN, &c.Body, &c.Chain, &c.SealedPrivateKey, nt{&c.Expiration},
		nt{&c.Uploaded})
	return c, err
}

func (s serverCerts) Create(ctx context.Context, c store.ServerCertificate) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("server certificate %q", c.Name), `INSERT INTO server_certificates (`+serverCertCols+
		`, name_fold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, c.ID, c.AccountID, c.Name, c.Path, c.ARN, c.Body,
		c.Chain, c.SealedPrivateKey, ts(c.Expiration), tsNN(c.Uploaded), fold(c.Name))
	if err == nil {
		s.t.changed(c.AccountID, store.KindServerCertificate, c.ID)
	}
	return err
}

func (s serverCerts) Get(ctx context.Context, accountID, name string) (store.ServerCertificate, error) {
	c, err := scanServerCert(s.t.queryRow(ctx, `SELECT `+serverCertCols+` FROM server_certificates
		WHERE account_id = $1 AND name_fold = $2`+s.t.forUpdate(), accountID, fold(name)))
	if err != nil {
		return c, s.t.mapErr(fmt.Sprintf("server certificate %q", name), err)
	}
	return c, nil
}

func (s serverCerts) Update(ctx context.Context, c store.ServerCertificate) error {
	var account string
	err := s.t.writeRow(ctx, fmt.Sprintf("server certificate %q", c.Name), `UPDATE server_certificates SET name = $2,
		name_fold = $3, path = $4, arn = $5 WHERE id = $1 RETURNING account_id`,
		[]any{c.ID, c.Name, fold(c.Name), c.Path, c.ARN}, &account)
	if err == nil {
		s.t.changed(account, store.KindServerCertificate, c.ID)
	}
	return err
}

func (s serverCerts) Delete(ctx context.Context, id string) error {
	what := fmt.Sprintf("server certificate %s", id)
	if err := s.t.deleteOwned(ctx, what, "", store.KindServerCertificate, id); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM server_certificates WHERE id = $1 RETURNING account_id`, []any{id}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindServerCertificate, id)
	return nil
}

func (s serverCerts) List(ctx context.Context, accountID string, o store.ListOptions) ([]store.ServerCertificate, bool, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "accounts", "id", accountID)); err != nil {
		return nil, false, err
	}
	n := limit(o.Limit)
	q := newQB(`SELECT `+serverCertCols+` FROM server_certificates WHERE account_id = $1 AND name_fold > $2`, accountID, fold(o.After))
	q.pathPrefix("path", o.PathPrefix).add(" ORDER BY name_fold LIMIT ?", n+1)
	cs, err := list(ctx, s.t, "server certificates", q, scanServerCert)
	if err != nil {
		return nil, false, err
	}
	cs, more := page(cs, n)
	return cs, more, nil
}

// jsonText encodes a value kept as a JSON text column.
func jsonText(what string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return string(b), nil
}

type oidcProviders struct{ t *tx }

const oidcCols = `arn, account_id, url, client_ids, thumbprints, created`

func scanOIDC(r rowScanner) (store.OIDCProvider, error) {
	var p store.OIDCProvider
	var ids, prints string
	if err := r.Scan(&p.ARN, &p.AccountID, &p.URL, &ids, &prints, nt{&p.Created}); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(ids), &p.ClientIDs); err != nil {
		return p, err
	}
	return p, json.Unmarshal([]byte(prints), &p.Thumbprints)
}

func (s oidcProviders) Create(ctx context.Context, p store.OIDCProvider) error {
	what := fmt.Sprintf("OIDC provider %s", p.ARN)
	ids, err := jsonText(what, p.ClientIDs)
	if err != nil {
		return err
	}
	prints, err := jsonText(what, p.Thumbprints)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO oidc_providers (`+oidcCols+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ARN, p.AccountID, p.URL, ids, prints, tsNN(p.Created)); err != nil {
		return err
	}
	s.t.changed(p.AccountID, store.KindOIDCProvider, p.ARN)
	return nil
}

func (s oidcProviders) Get(ctx context.Context, arn string) (store.OIDCProvider, error) {
	p, err := scanOIDC(s.t.queryRow(ctx, `SELECT `+oidcCols+` FROM oidc_providers WHERE arn = $1`+s.t.forUpdate(), arn))
	if err != nil {
		return p, s.t.mapErr(fmt.Sprintf("OIDC provider %s", arn), err)
	}
	return p, nil
}

func (s oidcProviders) Update(ctx context.Context, p store.OIDCProvider) error {
	what := fmt.Sprintf("OIDC provider %s", p.ARN)
	ids, err := jsonText(what, p.ClientIDs)
	if err != nil {
		return err
	}
	prints, err := jsonText(what, p.Thumbprints)
	if err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `UPDATE oidc_providers SET client_ids = $2, thumbprints = $3 WHERE arn = $1
		RETURNING account_id`, []any{p.ARN, ids, prints}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindOIDCProvider, p.ARN)
	return nil
}

func (s oidcProviders) Delete(ctx context.Context, arn string) error {
	what := fmt.Sprintf("OIDC provider %s", arn)
	if err := s.t.deleteOwned(ctx, what, "", store.KindOIDCProvider, arn); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM oidc_providers WHERE arn = $1 RETURNING account_id`, []any{arn}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindOIDCProvider, arn)
	return nil
}

func (s oidcProviders) List(ctx context.Context, accountID string) ([]store.OIDCProvider, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "accounts", "id", accountID)); err != nil {
		return nil, err
	}
	return list(ctx, s.t, "OIDC providers", newQB(`SELECT `+oidcCols+` FROM oidc_providers WHERE account_id = $1 ORDER BY arn`,
		accountID), scanOIDC)
}

type samlProviders struct{ t *tx }

const samlCols = `arn, account_id, name, uuid, metadata, valid_until, created, encryption_mode, private_keys`

func scanSAML(r rowScanner) (store.SAMLProvider, error) {
	var p store.SAMLProvider
	var keys string
	if err := r.Scan(&p.ARN, &p.AccountID, &p.Name, &p.UUID, &p.MetadataDocument, nt{&p.ValidUntil}, nt{&p.Created},
		&p.AssertionEncryptionMode, &keys); err != nil {
		return p, err
	}
	return p, json.Unmarshal([]byte(keys), &p.PrivateKeys)
}

func (s samlProviders) Create(ctx context.Context, p store.SAMLProvider) error {
	what := fmt.Sprintf("SAML provider %s", p.ARN)
	keys, err := jsonText(what, p.PrivateKeys)
	if err != nil {
		return err
	}
	if _, err := s.t.exec(ctx, what, `INSERT INTO saml_providers (`+samlCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		p.ARN, p.AccountID, p.Name, p.UUID, p.MetadataDocument, ts(p.ValidUntil), tsNN(p.Created), p.AssertionEncryptionMode,
		keys); err != nil {
		return err
	}
	s.t.changed(p.AccountID, store.KindSAMLProvider, p.ARN)
	return nil
}

func (s samlProviders) Get(ctx context.Context, arn string) (store.SAMLProvider, error) {
	p, err := scanSAML(s.t.queryRow(ctx, `SELECT `+samlCols+` FROM saml_providers WHERE arn = $1`+s.t.forUpdate(), arn))
	if err != nil {
		return p, s.t.mapErr(fmt.Sprintf("SAML provider %s", arn), err)
	}
	return p, nil
}

func (s samlProviders) Update(ctx context.Context, p store.SAMLProvider) error {
	what := fmt.Sprintf("SAML provider %s", p.ARN)
	keys, err := jsonText(what, p.PrivateKeys)
	if err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `UPDATE saml_providers SET metadata = $2, valid_until = $3, encryption_mode = $4,
		private_keys = $5 WHERE arn = $1 RETURNING account_id`,
		[]any{p.ARN, p.MetadataDocument, ts(p.ValidUntil), p.AssertionEncryptionMode, keys}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindSAMLProvider, p.ARN)
	return nil
}

func (s samlProviders) Delete(ctx context.Context, arn string) error {
	what := fmt.Sprintf("SAML provider %s", arn)
	if err := s.t.deleteOwned(ctx, what, "", store.KindSAMLProvider, arn); err != nil {
		return err
	}
	var account string
	if err := s.t.writeRow(ctx, what, `DELETE FROM saml_providers WHERE arn = $1 RETURNING account_id`, []any{arn}, &account); err != nil {
		return err
	}
	s.t.changed(account, store.KindSAMLProvider, arn)
	return nil
}

func (s samlProviders) List(ctx context.Context, accountID string) ([]store.SAMLProvider, error) {
	if err := s.t.lockErr(s.t.lock(ctx, "accounts", "id", accountID)); err != nil {
		return nil, err
	}
	return list(ctx, s.t, "SAML providers", newQB(`SELECT `+samlCols+` FROM saml_providers WHERE account_id = $1 ORDER BY arn`,
		accountID), scanSAML)
}

type lastAccessed struct{ t *tx }

func (s lastAccessed) Record(ctx context.Context, r store.AccessRecord) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("last access of %s to %s", r.EntityARN, r.Namespace), `INSERT INTO last_accessed
		(account_id, entity_arn, namespace, action, accessed, authenticated_entity, region) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (account_id, entity_arn, namespace, action) DO UPDATE SET accessed = excluded.accessed,
		authenticated_entity = excluded.authenticated_entity, region = excluded.region
		WHERE last_accessed.accessed < excluded.accessed`,
		r.AccountID, r.EntityARN, r.Namespace, r.Action, tsNN(r.When), r.AuthenticatedEntity, r.Region)
	return err
}

func (s lastAccessed) List(ctx context.Context, accountID, entityARN string) ([]store.AccessRecord, error) {
	return list(ctx, s.t, fmt.Sprintf("last accesses of %s", entityARN), newQB(`SELECT account_id, entity_arn, namespace,
		action, accessed, authenticated_entity, region FROM last_accessed WHERE account_id = $1 AND entity_arn = $2
		ORDER BY namespace, action`, accountID, entityARN), func(r rowScanner) (store.AccessRecord, error) {
		var a store.AccessRecord
		err := r.Scan(&a.AccountID, &a.EntityARN, &a.Namespace, &a.Action, nt{&a.When}, &a.AuthenticatedEntity, &a.Region)
		return a, err
	})
}

func (s lastAccessed) CreateJob(ctx context.Context, j store.ReportJob) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("report job %s", j.ID), `INSERT INTO report_jobs (id, account_id, kind, entity_arn,
		granularity, status, created, completed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		j.ID, j.AccountID, j.Kind, j.EntityARN, j.Granularity, j.Status, tsNN(j.Created), ts(j.Completed))
	return err
}

func (s lastAccessed) GetJob(ctx context.Context, accountID, id string) (store.ReportJob, error) {
	var j store.ReportJob
	err := s.t.one(ctx, fmt.Sprintf("report job %s", id), `SELECT id, account_id, kind, entity_arn, granularity, status,
		created, completed FROM report_jobs WHERE account_id = $1 AND id = $2`, []any{accountID, id},
		&j.ID, &j.AccountID, &j.Kind, &j.EntityARN, &j.Granularity, &j.Status, nt{&j.Created}, nt{&j.Completed})
	return j, err
}

func (s lastAccessed) UpdateJob(ctx context.Context, j store.ReportJob) error {
	return s.t.execOne(ctx, fmt.Sprintf("report job %s", j.ID), `UPDATE report_jobs SET status = $3, completed = $4
		WHERE account_id = $1 AND id = $2`, j.AccountID, j.ID, j.Status, ts(j.Completed))
}

type tags struct{ t *tx }

// resourceTable says where each taggable kind lives and what column holds its key.
func resourceTable(k store.Kind) (table, keyCol string, err error) {
	switch k {
	case store.KindUser:
		return "users", "id", nil
	case store.KindRole:
		return "roles", "id", nil
	case store.KindPolicy:
		return "policies", "arn", nil
	case store.KindInstanceProfile:
		return "instance_profiles", "id", nil
	case store.KindServerCertificate:
		return "server_certificates", "id", nil
	case store.KindOIDCProvider:
		return "oidc_providers", "arn", nil
	case store.KindSAMLProvider:
		return "saml_providers", "arn", nil
	case store.KindMFADevice:
		return "mfa_devices", "serial", nil
	}
	return "", "", fmt.Errorf("store: %q is not taggable", k)
}

// resourceAccount checks that a taggable resource exists and returns its account; inside
// Update it locks the resource (lock.go).
func (t *tx) resourceAccount(ctx context.Context, r store.Resource) (string, error) {
	table, col, err := resourceTable(r.Kind)
	if err != nil {
		return "", err
	}
	var account string
	err = t.one(ctx, fmt.Sprintf("%s %s", r.Kind, r.Key), `SELECT account_id FROM `+table+` WHERE `+col+` = $1`+t.forUpdate(),
		[]any{r.Key}, &account)
	if err == nil {
		t.markLocked(table, col, r.Key)
	}
	return account, err
}

func (s tags) List(ctx context.Context, r store.Resource) ([]store.Tag, error) {
	what := fmt.Sprintf("tags of %s %s", r.Kind, r.Key)
	if s.t.rowLocks() {
		if _, err := s.t.resourceAccount(ctx, r); err != nil {
			return nil, err
		}
	}
	table, col, err := resourceTable(r.Kind)
	if err != nil {
		return nil, err
	}
	// One query tells a resource without tags (one row of NULLs) from a missing one (none).
	rows, err := list(ctx, s.t, what, newQB(`SELECT g.tag_key, g.value FROM `+table+` r
		LEFT JOIN tags g ON g.resource_kind = $1 AND g.resource_key = r.`+col+`
		WHERE r.`+col+` = $2 ORDER BY g.position`, string(r.Kind), r.Key), scanTag)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s %s: %w", r.Kind, r.Key, store.ErrNotFound)
	}
	if rows[0].Key == "" {
		return nil, nil
	}
	return rows, nil
}

// scanTag scans a tag; NULLs (a resource without tags, LEFT JOINed) give the zero Tag.
func scanTag(r rowScanner) (store.Tag, error) {
	var t store.Tag
	err := r.Scan(ns{&t.Key}, ns{&t.Value})
	return t, err
}

func (s tags) Put(ctx context.Context, r store.Resource, add []store.Tag) error {
	what := fmt.Sprintf("tags of %s %s", r.Kind, r.Key)
	account, err := s.t.resourceAccount(ctx, r)
	if err != nil {
		return err
	}
	for _, tg := range add {
		if _, err := s.t.exec(ctx, what, `INSERT INTO tags (account_id, resource_kind, resource_key, position, tag_key,
			key_fold, value) SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4, $5, $6 FROM tags
			WHERE resource_kind = $2 AND resource_key = $3
			ON CONFLICT (resource_kind, resource_key, key_fold) DO UPDATE SET tag_key = excluded.tag_key, value = excluded.value`,
			account, string(r.Kind), r.Key, tg.Key, fold(tg.Key), tg.Value); err != nil {
			return err
		}
	}
	if len(add) > 0 {
		s.t.changed(account, r.Kind, r.Key)
	}
	return nil
}

func (s tags) Remove(ctx context.Context, r store.Resource, keys []string) error {
	what := fmt.Sprintf("tags of %s %s", r.Kind, r.Key)
	account, err := s.t.resourceAccount(ctx, r)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := s.t.exec(ctx, what, `DELETE FROM tags WHERE resource_kind = $1 AND resource_key = $2 AND key_fold = $3`,
			string(r.Kind), r.Key, fold(k)); err != nil {
			return err
		}
	}
	if len(keys) > 0 {
		s.t.changed(account, r.Kind, r.Key)
	}
	return nil
}

func (s tags) Count(ctx context.Context, r store.Resource) (int, error) {
	if _, err := s.t.resourceAccount(ctx, r); err != nil {
		return 0, err
	}
	return s.t.count(ctx, fmt.Sprintf("tags of %s %s", r.Kind, r.Key), `SELECT COUNT(*) FROM tags
		WHERE resource_kind = $1 AND resource_key = $2`, string(r.Kind), r.Key)
}
