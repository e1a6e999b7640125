package org

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Accounts: CreateAccount, DescribeCreateAccountStatus, ListCreateAccountStatus. CreateAccount
// makes a real Gatehouse account, a member of the organization under its root, with a role
// (OrganizationAccountAccessRole unless named) that has AdministratorAccess and trusts the
// management account, as AWS does. It completes within the request: the status it returns
// is already SUCCEEDED (or FAILED, as AWS reports a taken email address).

const (
	defaultAccessRole   = "OrganizationAccountAccessRole"
	administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"
	// accessRoleSession is the role's maximum session duration (IAM's default).
	accessRoleSession = 3600
)

// createStatus is a CreateAccount request's record body.
type createStatus struct {
	Name          string    `json:"name"`
	State         string    `json:"state"`
	Requested     time.Time `json:"requested"`
	Completed     time.Time `json:"completed"`
	AccountID     string    `json:"account,omitempty"`
	FailureReason string    `json:"failure,omitempty"`
}

func (c *createStatus) wire(id string) orgwire.CreateAccountStatus {
	out := orgwire.CreateAccountStatus{Id: new(id), AccountName: new(c.Name), State: new(orgwire.CreateAccountState(c.State)),
		RequestedTimestamp: new(c.Requested), CompletedTimestamp: new(c.Completed)}
	if c.AccountID != "" {
		out.AccountId = new(c.AccountID)
	}
	if c.FailureReason != "" {
		out.FailureReason = new(orgwire.CreateAccountFailureReason(c.FailureReason))
	}
	return out
}

var createAccount = &op.Op[*Service, orgwire.CreateAccountInput, orgwire.CreateAccountOutput, *orgRef]{
	Name:    "CreateAccount",
	Action:  "organizations:CreateAccount",
	Keys:    []op.KeySource[orgwire.CreateAccountInput]{op.RequestTags(func(in *orgwire.CreateAccountInput) []orgwire.Tag { return in.Tags })},
	Resolve: inOrg[orgwire.CreateAccountInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.CreateAccountInput, *orgRef]) (*orgwire.CreateAccountOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.manage(); err != nil {
			return nil, err
		}
		tags, err := tagsFrom(in.Tags)
		if err != nil {
			return nil, err
		}
		reqID, err := newID(s.rand, "car-", 32)
		if err != nil {
			return nil, err
		}
		now := s.now()
		st := &createStatus{Name: in.AccountName, State: string(orgwire.CreateAccountStateSucceeded), Requested: now, Completed: now}
		err = s.update(ctx, func(tx store.Tx, recs store.Organizations) error {
			if taken, err := emailTaken(ctx, tx, o, in.Email); err != nil {
				return err
			} else if taken {
				st.State, st.FailureReason = string(orgwire.CreateAccountStateFailed), string(orgwire.CreateAccountFailureReasonEmailAlreadyExists)
			} else if st.AccountID, err = s.newMember(ctx, tx, o, in, tags); err != nil {
				return err
			}
			return recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgCreateStatus, ID: reqID, Parent: st.AccountID,
				Created: now, Updated: now, Body: orgdata.Encode(st)})
		})
		if err != nil {
			return nil, err
		}
		out := st.wire(reqID)
		return &orgwire.CreateAccountOutput{CreateAccountStatus: &out}, nil
	},
}

// emailTaken reports whether an account of the organization has the email address.
func emailTaken(ctx context.Context, tx store.Tx, o *orgRef, email string) (bool, error) {
	members, err := tx.Organizations().List(ctx, o.ID, store.OrgMember, store.OrgFilter{})
	if err != nil {
		return false, err
	}
	for _, m := range members {
		a, err := tx.Accounts().Get(ctx, m.ID)
		if err != nil {
			return false, err
		}
		if strings.EqualFold(a.Email, email) {
			return true, nil
		}
	}
	return false, nil
}

// newMember creates the account, its membership under the root with the full-access
// policies of the enabled types, and its access role.
func (s *Service) newMember(ctx context.Context, tx store.Tx, o *orgRef, in *orgwire.CreateAccountInput, tags []orgdata.Tag) (string, error) {
	now := s.now()
	var id string
	for attempt := 0; ; attempt++ {
		var err error
		if id, err = newAccountID(); err != nil {
			return "", err
		}
		err = tx.Accounts().Create(ctx, store.Account{ID: id, Name: in.AccountName, Email: in.Email, Created: now})
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrAlreadyExists) || attempt == 4 {
			return "", err
		}
	}
	recs := tx.Organizations()
	if err := recs.Create(ctx, store.OrgRecord{OrgID: o.ID, Part: store.OrgMember, ID: id, Parent: o.Body.Root, Created: now, Updated: now,
		Body: orgdata.Encode(orgdata.Member{Method: string(orgwire.AccountJoinedMethodCreated), Joined: now,
			Status: string(orgwire.AccountStatusActive), Tags: tags})}); err != nil {
		return "", err
	}
	if err := s.attachFullAccess(ctx, recs, o, id); err != nil {
		return "", err
	}
	roleName := defaultAccessRole
	if in.RoleName != nil && *in.RoleName != "" {
		roleName = *in.RoleName
	}
	return id, s.accessRole(ctx, tx, o, id, roleName)
}

// accessRole creates the role the management account administers a new account through.
func (s *Service) accessRole(ctx context.Context, tx store.Tx, o *orgRef, account, name string) error {
	roleID, err := arn.NewUniqueID(s.rand, arn.PrefixRole)
	if err != nil {
		return err
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + o.Management +
		`:root"},"Action":"sts:AssumeRole"}]}`
	role := store.Role{AccountID: account, ID: roleID, Name: name, Path: "/", ARN: "arn:aws:iam::" + account + ":role/" + name,
		TrustPolicy: trust, MaxSessionDuration: accessRoleSession, Created: s.now()}
	if err := tx.Roles().Create(ctx, role); err != nil {
		return err
	}
	return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: roleID},
		store.AttachedPolicy{ARN: administratorAccess, Name: "AdministratorAccess", Path: "/"})
}

// newAccountID is a random 12-digit account ID that does not start with 0.
func newAccountID() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(900_000_000_000))
	if err != nil {
		return "", fmt.Errorf("org: account ID: %w", err)
	}
	return fmt.Sprintf("%012d", n.Int64()+100_000_000_000), nil
}

func statusOf(rec store.OrgRecord) (orgwire.CreateAccountStatus, error) {
	var st createStatus
	if err := orgdata.Decode(rec, &st); err != nil {
		return orgwire.CreateAccountStatus{}, err
	}
	return st.wire(rec.ID), nil
}

var describeCreateAccountStatus = &op.Op[*Service, orgwire.DescribeCreateAccountStatusInput, orgwire.DescribeCreateAccountStatusOutput, *orgRef]{
	Name:    "DescribeCreateAccountStatus",
	Action:  "organizations:DescribeCreateAccountStatus",
	Resolve: inOrg[orgwire.DescribeCreateAccountStatusInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.DescribeCreateAccountStatusInput, *orgRef]) (*orgwire.DescribeCreateAccountStatusOutput, error) {
		o := r.Entity()
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out orgwire.CreateAccountStatus
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			rec, err := recs.Get(ctx, o.ID, store.OrgCreateStatus, r.In.CreateAccountRequestId)
			if errors.Is(err, store.ErrNotFound) {
				return orgwire.ErrCreateAccountStatusNotFoundException("We can't find an create account request with the CreateAccountRequestId that you specified.")
			} else if err != nil {
				return err
			}
			out, err = statusOf(rec)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &orgwire.DescribeCreateAccountStatusOutput{CreateAccountStatus: &out}, nil
	},
}

var listCreateAccountStatus = &op.Op[*Service, orgwire.ListCreateAccountStatusInput, orgwire.ListCreateAccountStatusOutput, *orgRef]{
	Name:    "ListCreateAccountStatus",
	Action:  "organizations:ListCreateAccountStatus",
	Resolve: inOrg[orgwire.ListCreateAccountStatusInput](nil),
	Handle: func(s *Service, ctx context.Context, r *op.Request[orgwire.ListCreateAccountStatusInput, *orgRef]) (*orgwire.ListCreateAccountStatusOutput, error) {
		o, in := r.Entity(), r.In
		if err := o.delegated(); err != nil {
			return nil, err
		}
		var out []orgwire.CreateAccountStatus
		err := s.view(ctx, func(_ store.Tx, recs store.Organizations) error {
			all, err := recs.List(ctx, o.ID, store.OrgCreateStatus, store.OrgFilter{})
			for _, rec := range all {
				st, err := statusOf(rec)
				if err != nil {
					return err
				}
				if len(in.States) == 0 || containsState(in.States, *st.State) {
					out = append(out, st)
				}
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		items, next, err := page(out, func(c orgwire.CreateAccountStatus) string { return *c.Id }, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgwire.ListCreateAccountStatusOutput{CreateAccountStatuses: orEmpty(items), NextToken: next}, nil
	},
}

func containsState(states []orgwire.CreateAccountState, s orgwire.CreateAccountState) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}
