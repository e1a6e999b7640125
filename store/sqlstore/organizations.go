package sqlstore

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// AWS Organizations' records (migrations 0007 and 0013): one table, org_records, keyed by organization,
// part and ID, bodies opaque. Every write reads (and, where writers run concurrently, locks)
// the organization's own record first, so writers of one organization queue on it, and records
// a KindOrganization change under its management account.

type organizations struct{ t *tx }

const orgCols = `org_id, part, id, parent, name, created, updated, body`

var orgPartNames = [...]string{"organization", "root", "organizational unit", "account membership", "policy",
	"policy attachment", "handshake", "delegated administrator", "trusted service", "create account status",
	"resource policy", "responsibility transfer"}

func orgPartName(part store.OrgPart) string {
	if int(part) < len(orgPartNames) {
		return orgPartNames[part]
	}
	return "organization record"
}

func orgWhat(orgID string, part store.OrgPart, id string) string {
	if part == store.OrgItself {
		return fmt.Sprintf("organization %q", orgID)
	}
	return fmt.Sprintf("%s %q of organization %q", orgPartName(part), id, orgID)
}

func scanOrgRecord(r rowScanner) (store.OrgRecord, error) {
	var o store.OrgRecord
	var part int
	err := r.Scan(&o.OrgID, &part, &o.ID, &o.Parent, &o.Name, nt{&o.Created}, nt{&o.Updated}, &o.Body)
	o.Part = store.OrgPart(part)
	return o, err
}

// owner reads (and locks) the organization's own record and notes the change under its
// management account.
func (s organizations) owner(ctx context.Context, orgID string) error {
	org, err := s.Get(ctx, orgID, store.OrgItself, orgID)
	if err != nil {
		return err
	}
	s.t.changed(org.Name, store.KindOrganization, orgID)
	return nil
}

func (s organizations) Create(ctx context.Context, r store.OrgRecord) error {
	what := orgWhat(r.OrgID, r.Part, r.ID)
	if s.t.readOnly {
		return fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	if r.Part == store.OrgItself {
		r.ID = r.OrgID
	} else if err := s.owner(ctx, r.OrgID); err != nil {
		return err
	}
	var account any
	if r.Part == store.OrgMember {
		account = r.ID
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	_, err := s.t.exec(ctx, what, `INSERT INTO org_records (`+orgCols+`, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.OrgID, int(r.Part), r.ID, r.Parent, r.Name, tsNN(r.Created), tsNN(r.Updated), r.Body, account)
	if err == nil && r.Part == store.OrgItself {
		s.t.changed(r.Name, store.KindOrganization, r.OrgID)
	}
	return err
}

func (s organizations) Get(ctx context.Context, orgID string, part store.OrgPart, id string) (store.OrgRecord, error) {
	o, err := scanOrgRecord(s.t.queryRow(ctx, `SELECT `+orgCols+` FROM org_records
		WHERE org_id = $1 AND part = $2 AND id = $3`+s.t.forUpdate(), orgID, int(part), id))
	if err != nil {
		return o, s.t.mapErr(orgWhat(orgID, part, id), err)
	}
	return o, nil
}

func (s organizations) Update(ctx context.Context, r store.OrgRecord) error {
	what := orgWhat(r.OrgID, r.Part, r.ID)
	if s.t.readOnly {
		return fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	if err := s.owner(ctx, r.OrgID); err != nil {
		return err
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	return s.t.execOne(ctx, what, `UPDATE org_records SET parent = $4, name = $5, updated = $6, body = $7
		WHERE org_id = $1 AND part = $2 AND id = $3`,
		r.OrgID, int(r.Part), r.ID, r.Parent, r.Name, tsNN(r.Updated), r.Body)
}

func (s organizations) Delete(ctx context.Context, orgID string, part store.OrgPart, id string) error {
	what := orgWhat(orgID, part, id)
	if s.t.readOnly {
		return fmt.Errorf("%s: %w", what, store.ErrReadOnly)
	}
	if err := s.owner(ctx, orgID); err != nil {
		return err
	}
	if part == store.OrgItself {
		_, err := s.t.exec(ctx, what, `DELETE FROM org_records WHERE org_id = $1`, orgID)
		return err
	}
	return s.t.execOne(ctx, what, `DELETE FROM org_records WHERE org_id = $1 AND part = $2 AND id = $3`, orgID, int(part), id)
}

func (s organizations) List(ctx context.Context, orgID string, part store.OrgPart, f store.OrgFilter) ([]store.OrgRecord, error) {
	q := newQB(`SELECT `+orgCols+` FROM org_records WHERE org_id = $1 AND part = $2`, orgID, int(part))
	if f.Parent != "" {
		q.add(" AND parent = ?", f.Parent)
	}
	if f.Name != "" {
		q.add(" AND name = ?", f.Name)
	}
	q.add(" ORDER BY id")
	return list(ctx, s.t, orgWhat(orgID, part, "")+" records", q, scanOrgRecord)
}

func (s organizations) Membership(ctx context.Context, accountID string) (store.OrgRecord, error) {
	o, err := scanOrgRecord(s.t.queryRow(ctx, `SELECT `+orgCols+` FROM org_records WHERE account_id = $1`, accountID))
	if err != nil {
		return o, s.t.mapErr(fmt.Sprintf("organization membership of account %s", accountID), err)
	}
	return o, nil
}

func (s organizations) Addressed(ctx context.Context, part store.OrgPart, party string) ([]store.OrgRecord, error) {
	q := newQB(`SELECT `+orgCols+` FROM org_records WHERE part = $1 AND parent = $2 ORDER BY org_id, id`, int(part), party)
	return list(ctx, s.t, orgPartName(part)+" records addressed to "+party, q, scanOrgRecord)
}
