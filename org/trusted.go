package org

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Trusted access for AWS services: EnableAWSServiceAccess, DisableAWSServiceAccess,
// ListAWSServiceAccessForOrganization. A service principal with trusted access is an
// OrgTrustedService record; IAM's centralized root access requires iam.amazonaws.com's.

// servicePrincipal checks the form of an AWS service principal.
func servicePrincipal(p string) error {
	if !strings.HasSuffix(p, ".amazonaws.com") || strings.Count(p, ".") < 2 {
		return errInvalidInput(orgwire.InvalidInputExceptionReasonUnrecognizedServicePrincipal,
			"You specified a service principal that isn't recognized.")
	}
	return nil
}

var enableAWSServiceAccess = &op.Op[*Service, orgwire.EnableAWSServiceAccessInput, orgwire.EnableAWSServiceAccessOutput, *orgRef]{
	Name:    "EnableAWSServiceAccess",
	Action:  "organizations:EnableAWSServiceAccess",
	Resolve: inOrg[orgwire.EnableAWSServiceAccessInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.EnableAWSServiceAccessInput, *orgRef]) (*orgwire.EnableAWSServiceAccessOutput, error) {
		o, p := r.Entity(), r.In.ServicePrincipal
		if err := o.manage(); err != nil {
			return nil, err
		}
		if err := servicePrincipal(p); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			now := s.now()
			err := recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgTrustedService, ID: p, Created: now, Updated: now, Body: []byte("{}")})
			if errors.Is(err, store.ErrAlreadyExists) {
				return nil // enabling twice is not an error
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.EnableAWSServiceAccessOutput{}, nil
	},
}

var disableAWSServiceAccess = &op.Op[*Service, orgwire.DisableAWSServiceAccessInput, orgwire.DisableAWSServiceAccessOutput, *orgRef]{
	Name:    "DisableAWSServiceAccess",
	Action:  "organizations:DisableAWSServiceAccess",
	Resolve: inOrg[orgwire.DisableAWSServiceAccessInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DisableAWSServiceAccessInput, *orgRef]) (*orgwire.DisableAWSServiceAccessOutput, error) {
		o, p := r.Entity(), r.In.ServicePrincipal
		if err := o.manage(); err != nil {
			return nil, err
		}
		if err := servicePrincipal(p); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			err := recs.Delete(ctx, o.ID, store.OrgTrustedService, p)
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DisableAWSServiceAccessOutput{}, nil
	},
}

var listAWSServiceAccessForOrganization = &op.Op[*Service, orgwire.ListAWSServiceAccessForOrganizationInput, orgwire.ListAWSServiceAccessForOrganizationOutput, *orgRef]{
	Name:    "ListAWSServiceAccessForOrganization",
	Action:  "organizations:ListAWSServiceAccessForOrganization",
	Resolve: inOrg[orgwire.ListAWSServiceAccessForOrganizationInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListAWSServiceAccessForOrganizationInput, *orgRef]) (*orgwire.ListAWSServiceAccessForOrganizationOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.EnabledServicePrincipal
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			all, err := recs.List(ctx, o.ID, store.OrgTrustedService, store.OrgFilter{})
			for _, rec := range all {
				out = append(out, orgwire.EnabledServicePrincipal{ServicePrincipal: new(rec.ID), DateEnabled: new(rec.Created)})
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(e orgwire.EnabledServicePrincipal) string { return *e.ServicePrincipal }, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListAWSServiceAccessForOrganizationOutput{EnabledServicePrincipals: orEmpty(items), NextToken: next}, nil
	},
}
