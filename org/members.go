package org

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Member accounts and the tree: DescribeAccount, ListAccounts, ListAccountsForParent,
// MoveAccount, ListParents, ListChildren, RemoveAccountFromOrganization, LeaveOrganization.
// An account that leaves stays a standalone Gatehouse account, outside every SCP and RCP.

func accountARN[In any](id func(*In) string) op.Resolver[*Service, In, *orgRef] {
	return inOrg(func(o *orgRef, in *In) string { return o.arn("account", id(in)) })
}

// getMember reads a member account; AccountNotFoundException when it is not one.
func getMember(ctx context.Context, recs store.Organizations, o *orgRef, id string) (store.OrgRecord, error) {
	rec, err := recs.Get(ctx, o.ID, store.OrgMember, id)
	if errors.Is(err, store.ErrNotFound) {
		return rec, errAccountNotFound()
	}
	return rec, err
}

// accountOf is a member account as the API shows it.
func accountOf(ctx context.Context, tx store.Tx, o *orgRef, rec store.OrgRecord) (orgwire.Account, error) {
	var m orgdata.Member
	if err := orgdata.Decode(rec, &m); err != nil {
		return orgwire.Account{}, err
	}
	a, err := tx.Accounts().Get(ctx, rec.ID)
	if err != nil {
		return orgwire.Account{}, err
	}
	p, err := path(ctx, tx.Organizations(), o, rec.ID)
	if err != nil {
		return orgwire.Account{}, err
	}
	state := orgwire.AccountStateActive
	switch {
	case !m.Closed.IsZero():
		// Closed by CloseAccount: Status SUSPENDED, State CLOSED ("Monitor the state of your
		// accounts", Organizations User Guide: reopenable for 90 days).
		state = orgwire.AccountStateClosed
	case m.Status == string(orgwire.AccountStatusSuspended):
		state = orgwire.AccountStateSuspended
	}
	return orgwire.Account{Id: new(rec.ID), Arn: new(o.arn("account", rec.ID)), Email: new(a.Email), Name: new(a.Name),
		Status: new(orgwire.AccountStatus(m.Status)), State: &state, Paths: []string{p},
		JoinedMethod: new(orgwire.AccountJoinedMethod(m.Method)), JoinedTimestamp: new(m.Joined)}, nil
}

// accounts lists the member accounts f selects.
func (s *Service) accounts(ctx context.Context, o *orgRef, parentID string) ([]orgwire.Account, error) {
	var out []orgwire.Account
	err := s.store.View(ctx, func(tx store.Tx) error {
		recs := tx.Organizations()
		if parentID != "" {
			if _, err := parent(ctx, recs, o, parentID, errParentNotFound()); err != nil {
				return err
			}
		}
		all, err := recs.List(ctx, o.ID, store.OrgMember, store.OrgFilter{Parent: parentID})
		for _, rec := range all {
			a, err := accountOf(ctx, tx, o, rec)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return err
	})
	return out, err
}

var describeAccount = &op.Op[*Service, orgwire.DescribeAccountInput, orgwire.DescribeAccountOutput, *orgRef]{
	Name:    "DescribeAccount",
	Action:  "organizations:DescribeAccount",
	Resolve: accountARN(func(in *orgwire.DescribeAccountInput) string { return in.AccountId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeAccountInput, *orgRef]) (*orgwire.DescribeAccountOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out orgwire.Account
		err := s.store.View(ctx, func(tx store.Tx) error {
			rec, err := getMember(ctx, tx.Organizations(), o, r.In.AccountId)
			if err != nil {
				return err
			}
			out, err = accountOf(ctx, tx, o, rec)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribeAccountOutput{Account: &out}, nil
	},
}

var listAccounts = &op.Op[*Service, orgwire.ListAccountsInput, orgwire.ListAccountsOutput, *orgRef]{
	Name:    "ListAccounts",
	Action:  "organizations:ListAccounts",
	Resolve: inOrg[orgwire.ListAccountsInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListAccountsInput, *orgRef]) (*orgwire.ListAccountsOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		all, err := s.accounts(ctx, o, "")
		if err != nil {
			return nil, err
		}
		items, next, err := page(all, func(a orgwire.Account) string { return *a.Id }, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListAccountsOutput{Accounts: orEmpty(items), NextToken: next}, nil
	},
}

var listAccountsForParent = &op.Op[*Service, orgwire.ListAccountsForParentInput, orgwire.ListAccountsForParentOutput, *orgRef]{
	Name:    "ListAccountsForParent",
	Action:  "organizations:ListAccountsForParent",
	Resolve: ouARN(func(in *orgwire.ListAccountsForParentInput) string { return in.ParentId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListAccountsForParentInput, *orgRef]) (*orgwire.ListAccountsForParentOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		all, err := s.accounts(ctx, o, r.In.ParentId)
		if err != nil {
			return nil, err
		}
		items, next, err := page(all, func(a orgwire.Account) string { return *a.Id }, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListAccountsForParentOutput{Accounts: orEmpty(items), NextToken: next}, nil
	},
}

var moveAccount = &op.Op[*Service, orgwire.MoveAccountInput, orgwire.MoveAccountOutput, *orgRef]{
	Name:    "MoveAccount",
	Action:  "organizations:MoveAccount",
	Resolve: accountARN(func(in *orgwire.MoveAccountInput) string { return in.AccountId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.MoveAccountInput, *orgRef]) (*orgwire.MoveAccountOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(_ store.Tx, recs store.Organizations) error {
			if _, err := parent(ctx, recs, o, in.SourceParentId, orgwire.ErrSourceParentNotFoundException("We can't find a source root or OU with the ParentId that you specified.")); err != nil {
				return err
			}
			if _, err := parent(ctx, recs, o, in.DestinationParentId, orgwire.ErrDestinationParentNotFoundException("We can't find the destination container (a root or OU) with the ParentId that you specified.")); err != nil {
				return err
			}
			rec, err := getMember(ctx, recs, o, in.AccountId)
			if err != nil {
				return err
			}
			switch rec.Parent {
			case in.DestinationParentId:
				return orgwire.ErrDuplicateAccountException("That account is already present in the specified destination.")
			case in.SourceParentId:
			default:
				return orgwire.ErrSourceParentNotFoundException("We can't find a source root or OU with the ParentId that you specified.")
			}
			rec.Parent, rec.Updated = in.DestinationParentId, s.now()
			return recs.Update(ctx, rec)
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.MoveAccountOutput{}, nil
	},
}
