package sqlstore

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Outbound issuers and Roles Anywhere's records (migration 0008).

type outboundIssuers struct{ t *tx }

const outboundIssuerCols = `account_id, issuer_id, url, keys, updated`

func scanOutboundIssuer(r rowScanner) (store.OutboundIssuer, error) {
	var i store.OutboundIssuer
	err := r.Scan(&i.AccountID, &i.IssuerID, &i.URL, &i.Keys, nt{&i.Updated})
	return i, err
}

func (s outboundIssuers) read(ctx context.Context, what, where, key string) (store.OutboundIssuer, error) {
	i, err := scanOutboundIssuer(s.t.queryRow(ctx, `SELECT `+outboundIssuerCols+` FROM outbound_issuers WHERE `+where+` = $1`, key))
	if err != nil {
		return i, s.t.mapErr(what, err)
	}
	return i, nil
}

func (s outboundIssuers) Get(ctx context.Context, accountID string) (store.OutboundIssuer, error) {
	return s.read(ctx, fmt.Sprintf("outbound issuer of account %s", accountID), "account_id", accountID)
}

func (s outboundIssuers) Find(ctx context.Context, issuerID string) (store.OutboundIssuer, error) {
	return s.read(ctx, fmt.Sprintf("outbound issuer %q", issuerID), "issuer_id", issuerID)
}

func (s outboundIssuers) Put(ctx context.Context, i store.OutboundIssuer) error {
	_, err := s.t.exec(ctx, fmt.Sprintf("outbound issuer %q", i.IssuerID), `INSERT INTO outbound_issuers (`+outboundIssuerCols+`)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (account_id) DO UPDATE SET issuer_id = excluded.issuer_id, url = excluded.url, keys = excluded.keys,
			updated = excluded.updated`,
		i.AccountID, i.IssuerID, i.URL, i.Keys, tsNN(i.Updated))
	return err
}

type rolesAnywhere struct{ t *tx }

const rolesAnywhereCols = `account_id, kind, id, name, created, updated, body`

var rolesAnywhereKinds = [...]string{"trust anchor", "profile", "CRL", "subject"}

func rolesAnywhereWhat(kind store.RolesAnywhereKind, id string) string {
	if int(kind) < len(rolesAnywhereKinds) {
		return fmt.Sprintf("Roles Anywhere %s %q", rolesAnywhereKinds[kind], id)
	}
	return fmt.Sprintf("Roles Anywhere record %d %q", kind, id)
}

func scanRolesAnywhere(r rowScanner) (store.RolesAnywhereRecord, error) {
	var a store.RolesAnywhereRecord
	var kind int
	err := r.Scan(&a.AccountID, &kind, &a.ID, &a.Name, nt{&a.Created}, nt{&a.Updated}, &a.Body)
	a.Kind = store.RolesAnywhereKind(kind)
	return a, err
}

func (s rolesAnywhere) Create(ctx context.Context, r store.RolesAnywhereRecord) error {
	if r.Body == nil {
		r.Body = []byte{}
	}
	_, err := s.t.exec(ctx, rolesAnywhereWhat(r.Kind, r.ID), `INSERT INTO rolesanywhere_records (`+rolesAnywhereCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.AccountID, int(r.Kind), r.ID, r.Name, tsNN(r.Created), tsNN(r.Updated), r.Body)
	return err
}

func (s rolesAnywhere) Get(ctx context.Context, kind store.RolesAnywhereKind, accountID, id string) (store.RolesAnywhereRecord, error) {
	a, err := scanRolesAnywhere(s.t.queryRow(ctx, `SELECT `+rolesAnywhereCols+` FROM rolesanywhere_records
		WHERE account_id = $1 AND kind = $2 AND id = $3`+s.t.forUpdate(), accountID, int(kind), id))
	if err != nil {
		return a, s.t.mapErr(rolesAnywhereWhat(kind, id), err)
	}
	return a, nil
}

func (s rolesAnywhere) Update(ctx context.Context, r store.RolesAnywhereRecord) error {
	if r.Body == nil {
		r.Body = []byte{}
	}
	return s.t.execOne(ctx, rolesAnywhereWhat(r.Kind, r.ID), `UPDATE rolesanywhere_records SET name = $4, updated = $5, body = $6
		WHERE account_id = $1 AND kind = $2 AND id = $3`, r.AccountID, int(r.Kind), r.ID, r.Name, tsNN(r.Updated), r.Body)
}

func (s rolesAnywhere) Delete(ctx context.Context, kind store.RolesAnywhereKind, accountID, id string) error {
	return s.t.execOne(ctx, rolesAnywhereWhat(kind, id), `DELETE FROM rolesanywhere_records
		WHERE account_id = $1 AND kind = $2 AND id = $3`, accountID, int(kind), id)
}

func (s rolesAnywhere) List(ctx context.Context, kind store.RolesAnywhereKind, accountID, after string, limit int) ([]store.RolesAnywhereRecord, error) {
	q := newQB(`SELECT `+rolesAnywhereCols+` FROM rolesanywhere_records WHERE account_id = $1 AND kind = $2`, accountID, int(kind))
	if after != "" {
		q.add(" AND id > ?", after)
	}
	q.add(" ORDER BY id")
	if limit > 0 {
		q.add(fmt.Sprintf(" LIMIT %d", limit))
	}
	return list(ctx, s.t, rolesAnywhereWhat(kind, "")+" records", q, scanRolesAnywhere)
}
