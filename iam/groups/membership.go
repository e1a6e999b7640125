package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// membership is a group and a user, as AddUserToGroup and RemoveUserFromGroup find them.
type membership struct {
	group, user *identity.Principal
}

// memberRow is AddUserToGroup or RemoveUserFromGroup: authorized on the group, as the Service
// Authorization Reference defines them; a missing user is reported before a missing group
// (recorded from AWS). args returns the group's and the user's names; change makes the change
// on both as they are in the write transaction (userName as the request spells it).
func memberRow[In, Out any](name string, args func(*In) (string, string),
	change func(ctx context.Context, tx store.Tx, group, user *identity.Principal, userName string) error) *op.Op[*Groups, In, Out, membership] {
	return &op.Op[*Groups, In, Out, membership]{Name: name, Action: "iam:" + name,
		Resolve: op.Resolver[*Groups, In, membership]{
			Find: func(s *Groups, ctx context.Context, call *callctx.Call, in *In) (op.Target[membership], error) {
				group, user := args(in)
				account := call.Caller.AccountID
				g, err := core.FindPrincipal(ctx, s.Store, account, store.PrincipalGroup, group, core.WithoutBoundary)
				if err != nil {
					return op.Target[membership]{}, err
				}
				u, err := core.FindPrincipal(ctx, s.Store, account, store.PrincipalUser, user, core.WithoutBoundary)
				if err != nil {
					return op.Target[membership]{}, err
				}
				missing := u.Missing
				if missing == nil {
					missing = g.Missing
				}
				return op.Target[membership]{ARN: g.ARN, Missing: missing, Entity: membership{group: g.Entity, user: u.Entity}}, nil
			}},
		Handle: func(s *Groups, ctx context.Context, r *op.Request[In, membership]) (*Out, error) {
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				g, err := core.PrincipalInTx(ctx, tx, r.Entity().group)
				if err != nil {
					return err
				}
				u, err := core.PrincipalInTx(ctx, tx, r.Entity().user)
				if err != nil {
					return err
				}
				_, userName := args(r.In)
				return change(ctx, tx, g, u, userName)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// AddUserToGroup makes a user a member of a group; adding a member again changes nothing, as
// in AWS. A user is in at most MaxGroupsPerUser groups (LimitExceeded).
var addUserToGroup = memberRow[iamwire.AddUserToGroupInput, iamwire.AddUserToGroupOutput]("AddUserToGroup",
	func(in *iamwire.AddUserToGroupInput) (string, string) { return in.GroupName, in.UserName },
	func(ctx context.Context, tx store.Tx, g, u *identity.Principal, _ string) error {
		groups, _, err := tx.Groups().ForUser(ctx, u.ID, store.ListOptions{Limit: MaxGroupsPerUser + 1})
		if err != nil {
			return err
		}
		for _, member := range groups {
			if member.ID == g.ID {
				return nil
			}
		}
		if len(groups) >= MaxGroupsPerUser {
			return core.QuotaExceeded(quotaGroupsPerUser, MaxGroupsPerUser)
		}
		return tx.Groups().AddMember(ctx, g.ID, u.ID)
	})

func (s *Groups) AddUserToGroup(ctx context.Context, in *iamwire.AddUserToGroupInput) (*iamwire.AddUserToGroupOutput, error) {
	return addUserToGroup.Run(ctx, s, in)
}

// RemoveUserFromGroup takes a user out of a group.
var removeUserFromGroup = memberRow[iamwire.RemoveUserFromGroupInput, iamwire.RemoveUserFromGroupOutput]("RemoveUserFromGroup",
	func(in *iamwire.RemoveUserFromGroupInput) (string, string) { return in.GroupName, in.UserName },
	func(ctx context.Context, tx store.Tx, g, u *identity.Principal, name string) error {
		if err := tx.Groups().RemoveMember(ctx, g.ID, u.ID); errors.Is(err, store.ErrNotFound) {
			return notAMember(name)
		} else if err != nil {
			return err
		}
		return nil
	})

func (s *Groups) RemoveUserFromGroup(ctx context.Context, in *iamwire.RemoveUserFromGroupInput) (*iamwire.RemoveUserFromGroupOutput, error) {
	return removeUserFromGroup.Run(ctx, s, in)
}

// ListGroupsForUser lists the groups a user is in, ordered by name without regard to case.
// It is authorized on the user, as the Service Authorization Reference defines it.
var listGroupsForUser = &op.Op[*Groups, iamwire.ListGroupsForUserInput, iamwire.ListGroupsForUserOutput, *identity.Principal]{
	Name: "ListGroupsForUser", Action: "iam:ListGroupsForUser",
	Resolve: core.PrincipalNamed[*Groups](store.PrincipalUser, func(in *iamwire.ListGroupsForUserInput) string { return in.UserName }, core.WithoutBoundary),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.ListGroupsForUserInput, *identity.Principal]) (*iamwire.ListGroupsForUserOutput, error) {
		page, err := groupPage(ctx, s, r.In.Marker, r.In.MaxItems, nil, func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error) {
			return tx.Groups().ForUser(ctx, r.Entity().ID, o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListGroupsForUserOutput{Groups: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Groups) ListGroupsForUser(ctx context.Context, in *iamwire.ListGroupsForUserInput) (*iamwire.ListGroupsForUserOutput, error) {
	return listGroupsForUser.Run(ctx, s, in)
}
