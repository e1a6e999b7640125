package organizations

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Organizations is the organizations family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Organizations struct {
	*core.Base
}

// Operations is the family's table.
var Operations = op.Table{
	enableRootCredentialsManagement,
	disableRootCredentialsManagement,
	enableRootSessions,
	disableRootSessions,
	listOrganizationsFeatures,
	generateOrganizationsAccessReport,
	getOrganizationsAccessReport,
}

// trustedPrincipal is the service principal whose trusted access centralized root access needs.
const trustedPrincipal = "iam.amazonaws.com"

// orgOf reads the organization of the caller's account: its ID, whether the caller manages it,
// and whether it has all features and IAM's trusted access.
type orgOf struct {
	id, management      string
	manages, allFeature bool
	trusted             bool
}

func readOrg(ctx context.Context, tx store.Tx, account string) (*orgOf, error) {
	recs := tx.Organizations()
	m, err := recs.Membership(ctx, account)
	if errors.Is(err, store.ErrNotFound) {
		return nil, iamwire.ErrOrganizationNotFoundException("The request was rejected because no organization is associated with your account.")
	} else if err != nil {
		return nil, err
	}
	rec, err := recs.Get(ctx, m.OrgID, store.OrgItself, m.OrgID)
	if err != nil {
		return nil, err
	}
	var body orgdata.Org
	if err := orgdata.Decode(rec, &body); err != nil {
		return nil, err
	}
	o := &orgOf{id: m.OrgID, management: rec.Name, manages: rec.Name == account, allFeature: body.FeatureSet == "ALL"}
	if _, err := recs.Get(ctx, m.OrgID, store.OrgTrustedService, trustedPrincipal); err == nil {
		o.trusted = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return o, nil
}

// features is the answer every operation of the family gives: the organization and the
// features enabled in its management account.
func features(id string, st store.AccountSettings) (*string, []iamwire.FeatureType) {
	out := []iamwire.FeatureType{}
	if st.OrganizationsRootCredentialsManagement {
		out = append(out, iamwire.FeatureTypeRootCredentialsManagement)
	}
	if st.OrganizationsRootSessions {
		out = append(out, iamwire.FeatureTypeRootSessions)
	}
	return &id, out
}

// switchFeature sets one feature of the management account and returns the features after.
func (s *Organizations) switchFeature(ctx context.Context, account string, set func(*store.AccountSettings)) (*string, []iamwire.FeatureType, error) {
	var id *string
	var enabled []iamwire.FeatureType
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		o, err := readOrg(ctx, tx, account)
		if err != nil {
			return err
		}
		switch {
		case !o.manages:
			return iamwire.ErrCallerIsNotManagementAccountException("The request was rejected because the account making the request is not the management account for the organization.")
		case !o.allFeature:
			return iamwire.ErrOrganizationNotInAllFeaturesModeException("The request was rejected because the organization does not have all features enabled.")
		case !o.trusted:
			return iamwire.ErrServiceAccessNotEnabledException("The request was rejected because trusted access is not enabled for IAM in AWS Organizations.")
		}
		st, err := tx.Accounts().Settings(ctx, account)
		if err != nil {
			return err
		}
		set(&st)
		id, enabled = features(o.id, st)
		return tx.Accounts().PutSettings(ctx, account, st)
	})
	return id, enabled, err
}

// switchRow is the row of one Enable/Disable operation: set changes the setting.
func switchRow[In, Out any](name string, set func(*store.AccountSettings), out func(*string, []iamwire.FeatureType) *Out) *op.Op[*Organizations, In, Out, op.None] {
	return &op.Op[*Organizations, In, Out, op.None]{
		Name:   name,
		Action: "iam:" + name,
		Handle: func(s *Organizations, ctx context.Context, r *op.Request[In, op.None]) (*Out, error) {
			id, enabled, err := s.switchFeature(ctx, r.Account(), set)
			if err != nil {
				return nil, err
			}
			return out(id, enabled), nil
		},
	}
}

var enableRootCredentialsManagement = switchRow[iamwire.EnableOrganizationsRootCredentialsManagementInput](
	"EnableOrganizationsRootCredentialsManagement", func(st *store.AccountSettings) { st.OrganizationsRootCredentialsManagement = true },
	func(id *string, f []iamwire.FeatureType) *iamwire.EnableOrganizationsRootCredentialsManagementOutput {
		return &iamwire.EnableOrganizationsRootCredentialsManagementOutput{OrganizationId: id, EnabledFeatures: f}
	})

var disableRootCredentialsManagement = switchRow[iamwire.DisableOrganizationsRootCredentialsManagementInput](
	"DisableOrganizationsRootCredentialsManagement", func(st *store.AccountSettings) { st.OrganizationsRootCredentialsManagement = false },
	func(id *string, f []iamwire.FeatureType) *iamwire.DisableOrganizationsRootCredentialsManagementOutput {
		return &iamwire.DisableOrganizationsRootCredentialsManagementOutput{OrganizationId: id, EnabledFeatures: f}
	})

var enableRootSessions = switchRow[iamwire.EnableOrganizationsRootSessionsInput](
	"EnableOrganizationsRootSessions", func(st *store.AccountSettings) { st.OrganizationsRootSessions = true },
	func(id *string, f []iamwire.FeatureType) *iamwire.EnableOrganizationsRootSessionsOutput {
		return &iamwire.EnableOrganizationsRootSessionsOutput{OrganizationId: id, EnabledFeatures: f}
	})

var disableRootSessions = switchRow[iamwire.DisableOrganizationsRootSessionsInput](
	"DisableOrganizationsRootSessions", func(st *store.AccountSettings) { st.OrganizationsRootSessions = false },
	func(id *string, f []iamwire.FeatureType) *iamwire.DisableOrganizationsRootSessionsOutput {
		return &iamwire.DisableOrganizationsRootSessionsOutput{OrganizationId: id, EnabledFeatures: f}
	})

var listOrganizationsFeatures = &op.Op[*Organizations, iamwire.ListOrganizationsFeaturesInput, iamwire.ListOrganizationsFeaturesOutput, op.None]{
	Name:   "ListOrganizationsFeatures",
	Action: "iam:ListOrganizationsFeatures",
	Handle: func(s *Organizations, ctx context.Context, r *op.Request[iamwire.ListOrganizationsFeaturesInput, op.None]) (*iamwire.ListOrganizationsFeaturesOutput, error) {
		out := &iamwire.ListOrganizationsFeaturesOutput{}
		err := s.Store.View(ctx, func(tx store.Tx) error {
			o, err := readOrg(ctx, tx, r.Account())
			if err != nil {
				return err
			}
			if !o.manages {
				return iamwire.ErrAccountNotManagementOrDelegatedAdministratorException("The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.")
			}
			st, err := tx.Accounts().Settings(ctx, r.Account())
			out.OrganizationId, out.EnabledFeatures = features(o.id, st)
			return err
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	},
}
