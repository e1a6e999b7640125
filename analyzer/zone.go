package analyzer

import (
	"context"
	"errors"
	"slices"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// An analyzer's zone of trust: its account, or for an organization analyzer every account of
// the organization (read from the Organizations records when the findings are derived, so an
// account that joins or leaves changes them). An organization analyzer analyzes the roles
// and users of every member account, and access from any member account is not external.

// accessAnalyzerPrincipal is Access Analyzer's service principal, which an organization
// names when it makes an account Access Analyzer's delegated administrator.
const accessAnalyzerPrincipal = "access-analyzer.amazonaws.com"

type zone struct {
	orgID    string   // "" for an account analyzer
	accounts []string // the accounts analyzed and trusted, sorted
}

func (z *zone) trusts(account string) bool { return slices.Contains(z.accounts, account) }

// organizational reports whether the analyzer type analyzes an organization.
func organizational(t analyzerwire.Type) bool {
	return t == analyzerwire.TypeOrganization || t == analyzerwire.TypeOrganizationUnusedAccess ||
		t == analyzerwire.TypeOrganizationInternalAccess
}

// zoneOf is the zone of trust of an analyzer of account. An organization analyzer of an
// account that has left its organization, or is no longer its management account or
// delegated administrator, has its own account only.
func zoneOf(ctx context.Context, tx store.Tx, account string, t analyzerwire.Type) (*zone, error) {
	z := &zone{accounts: []string{account}}
	if !organizational(t) {
		return z, nil
	}
	orgID, err := administeredOrg(ctx, tx, account)
	if err != nil || orgID == "" {
		return z, err
	}
	members, err := tx.Organizations().List(ctx, orgID, store.OrgMember, store.OrgFilter{})
	if err != nil {
		return nil, err
	}
	z.orgID, z.accounts = orgID, nil
	for _, m := range members {
		z.accounts = append(z.accounts, m.ID)
	}
	if !z.trusts(account) {
		z.accounts = append(z.accounts, account)
	}
	slices.Sort(z.accounts)
	return z, nil
}

// administeredOrg is the organization account may analyze as a whole: the one it is the
// management account or Access Analyzer's delegated administrator of; "" when none.
func administeredOrg(ctx context.Context, tx store.Tx, account string) (string, error) {
	m, err := tx.Organizations().Membership(ctx, account)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	org, err := tx.Organizations().Get(ctx, m.OrgID, store.OrgItself, m.OrgID)
	if err != nil {
		return "", err
	}
	if org.Name == account {
		return m.OrgID, nil
	}
	_, err = tx.Organizations().Get(ctx, m.OrgID, store.OrgDelegatedAdmin, account+"|"+accessAnalyzerPrincipal)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return m.OrgID, err
}

// checkOrganization refuses an organization analyzer to an account that is not in an
// organization, or is neither its management account nor Access Analyzer's delegated
// administrator.
func checkOrganization(ctx context.Context, tx store.Tx, account string, t analyzerwire.Type) error {
	if !organizational(t) {
		return nil
	}
	if _, err := tx.Organizations().Membership(ctx, account); errors.Is(err, store.ErrNotFound) {
		return errNotInOrganization()
	} else if err != nil {
		return err
	}
	orgID, err := administeredOrg(ctx, tx, account)
	if err != nil {
		return err
	}
	if orgID == "" {
		return errNotOrgAdmin()
	}
	return nil
}
