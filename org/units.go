package org

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Organizational units: CreateOrganizationalUnit, UpdateOrganizationalUnit,
// DeleteOrganizationalUnit, DescribeOrganizationalUnit, ListOrganizationalUnitsForParent.
// OU names are unique under one parent, as AWS requires.

func ouARN[In any](id func(*In) string) op.Resolver[*Service, In, *orgRef] {
	return inOrg(func(o *orgRef, in *In) string {
		if isRoot(id(in)) {
			return o.arn("root", id(in))
		}
		return o.arn("ou", id(in))
	})
}

var createOrganizationalUnit = &op.Op[*Service, orgwire.CreateOrganizationalUnitInput, orgwire.CreateOrganizationalUnitOutput, *orgRef]{
	Name:    "CreateOrganizationalUnit",
	Action:  "organizations:CreateOrganizationalUnit",
	Keys:    []op.KeySource[orgwire.CreateOrganizationalUnitInput]{op.RequestTags(func(in *orgwire.CreateOrganizationalUnitInput) []orgwire.Tag { return in.Tags })},
	Resolve: ouARN(func(in *orgwire.CreateOrganizationalUnitInput) string { return in.ParentId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CreateOrganizationalUnitInput, *orgRef]) (*orgwire.CreateOrganizationalUnitOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		var out *orgwire.OrganizationalUnit
		err = s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			if _, err := parent(ctx, recs, o, in.ParentId, errParentNotFound()); err != nil {
				return err
			}
			up, err := ancestors(ctx, recs, o, in.ParentId)
			if err != nil {
				return err
			}
			if len(up) > maxOUDepth { // root plus five OUs
				return errConstraint(orgwire.ConstraintViolationExceptionReasonOuDepthLimitExceeded,
					"You attempted to create an OU tree that is too many levels deep.")
			}
			if err := uniqueOUName(ctx, recs, o, in.ParentId, in.Name, ""); err != nil {
				return err
			}
			id, err := s.newOUID(o)
			if err != nil {
				return err
			}
			now := s.now()
			rec := store.OrgRecord{OrgID: o.ID, Part: store.OrgUnit, ID: id, Parent: in.ParentId, Name: in.Name,
				Created: now, Updated: now, Body: orgdata.Encode(orgdata.Unit{Tags: tags})}
			if err := recs.Create(ctx, rec); err != nil {
				return err
			}
			if err := s.attachFullAccess(ctx, recs, o, id); err != nil {
				return err
			}
			out, err = ouOf(ctx, recs, o, rec)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.CreateOrganizationalUnitOutput{OrganizationalUnit: out}, nil
	},
}

// uniqueOUName refuses a name another OU (not except) under parent has.
func uniqueOUName(ctx context.Context, recs store.Organizations, o *orgRef, parent, name, except string) error {
	siblings, err := recs.List(ctx, o.ID, store.OrgUnit, store.OrgFilter{Parent: parent})
	if err != nil {
		return err
	}
	for _, sib := range siblings {
		if sib.ID != except && strings.EqualFold(sib.Name, name) {
			return orgwire.ErrDuplicateOrganizationalUnitException("An OU with the same name already exists.")
		}
	}
	return nil
}

// ouOf is an OU as the API shows it.
func ouOf(ctx context.Context, recs store.Organizations, o *orgRef, rec store.OrgRecord) (*orgwire.OrganizationalUnit, error) {
	p, err := path(ctx, recs, o, rec.ID)
	if err != nil {
		return nil, err
	}
	return &orgwire.OrganizationalUnit{Id: &rec.ID, Arn: new(o.arn("ou", rec.ID)), Name: &rec.Name, Path: &p}, nil
}

// getOU reads an OU; OrganizationalUnitNotFoundException when missing.
func getOU(ctx context.Context, recs store.Organizations, o *orgRef, id string) (store.OrgRecord, error) {
	rec, err := recs.Get(ctx, o.ID, store.OrgUnit, id)
	if errors.Is(err, store.ErrNotFound) {
		return rec, errOUNotFound()
	}
	return rec, err
}

var updateOrganizationalUnit = &op.Op[*Service, orgwire.UpdateOrganizationalUnitInput, orgwire.UpdateOrganizationalUnitOutput, *orgRef]{
	Name:    "UpdateOrganizationalUnit",
	Action:  "organizations:UpdateOrganizationalUnit",
	Resolve: ouARN(func(in *orgwire.UpdateOrganizationalUnitInput) string { return in.OrganizationalUnitId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.UpdateOrganizationalUnitInput, *orgRef]) (*orgwire.UpdateOrganizationalUnitOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		var out *orgwire.OrganizationalUnit
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, err := getOU(ctx, recs, o, in.OrganizationalUnitId)
			if err != nil {
				return err
			}
			if in.Name != nil && *in.Name != rec.Name {
				if err := uniqueOUName(ctx, recs, o, rec.Parent, *in.Name, rec.ID); err != nil {
					return err
				}
				rec.Name, rec.Updated = *in.Name, s.now()
				if err := recs.Update(ctx, rec); err != nil {
					return err
				}
			}
			out, err = ouOf(ctx, recs, o, rec)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.UpdateOrganizationalUnitOutput{OrganizationalUnit: out}, nil
	},
}

var deleteOrganizationalUnit = &op.Op[*Service, orgwire.DeleteOrganizationalUnitInput, orgwire.DeleteOrganizationalUnitOutput, *orgRef]{
	Name:    "DeleteOrganizationalUnit",
	Action:  "organizations:DeleteOrganizationalUnit",
	Resolve: ouARN(func(in *orgwire.DeleteOrganizationalUnitInput) string { return in.OrganizationalUnitId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DeleteOrganizationalUnitInput, *orgRef]) (*orgwire.DeleteOrganizationalUnitOutput, error) {
		o, id := r.Entity(), r.In.OrganizationalUnitId
		if err := o.manage(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			if _, err := getOU(ctx, recs, o, id); err != nil {
				return err
			}
			for _, part := range []store.OrgPart{store.OrgUnit, store.OrgMember} {
				children, err := recs.List(ctx, o.ID, part, store.OrgFilter{Parent: id})
				if err != nil {
					return err
				}
				if len(children) > 0 {
					return orgwire.ErrOrganizationalUnitNotEmptyException("The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
				}
			}
			if err := detachAll(ctx, recs, o, store.OrgFilter{Parent: id}); err != nil {
				return err
			}
			return recs.Delete(ctx, o.ID, store.OrgUnit, id)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DeleteOrganizationalUnitOutput{}, nil
	},
}

var describeOrganizationalUnit = &op.Op[*Service, orgwire.DescribeOrganizationalUnitInput, orgwire.DescribeOrganizationalUnitOutput, *orgRef]{
	Name:    "DescribeOrganizationalUnit",
	Action:  "organizations:DescribeOrganizationalUnit",
	Resolve: ouARN(func(in *orgwire.DescribeOrganizationalUnitInput) string { return in.OrganizationalUnitId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeOrganizationalUnitInput, *orgRef]) (*orgwire.DescribeOrganizationalUnitOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out *orgwire.OrganizationalUnit
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, err := getOU(ctx, recs, o, r.In.OrganizationalUnitId)
			if err != nil {
				return err
			}
			out, err = ouOf(ctx, recs, o, rec)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribeOrganizationalUnitOutput{OrganizationalUnit: out}, nil
	},
}

var listOrganizationalUnitsForParent = &op.Op[*Service, orgwire.ListOrganizationalUnitsForParentInput, orgwire.ListOrganizationalUnitsForParentOutput, *orgRef]{
	Name:    "ListOrganizationalUnitsForParent",
	Action:  "organizations:ListOrganizationalUnitsForParent",
	Resolve: ouARN(func(in *orgwire.ListOrganizationalUnitsForParentInput) string { return in.ParentId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListOrganizationalUnitsForParentInput, *orgRef]) (*orgwire.ListOrganizationalUnitsForParentOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var ous []orgwire.OrganizationalUnit
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			if _, err := parent(ctx, recs, o, in.ParentId, errParentNotFound()); err != nil {
				return err
			}
			children, err := recs.List(ctx, o.ID, store.OrgUnit, store.OrgFilter{Parent: in.ParentId})
			for _, c := range children {
				ou, err := ouOf(ctx, recs, o, c)
				if err != nil {
					return err
				}
				ous = append(ous, *ou)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(ous, func(u orgwire.OrganizationalUnit) string { return *u.Id }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListOrganizationalUnitsForParentOutput{OrganizationalUnits: orEmpty(items), NextToken: next}, nil
	},
}

// orEmpty makes a nil list an empty one, so the response has the member.
func orEmpty[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}
