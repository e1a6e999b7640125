package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Groups is the groups family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Groups struct {
	*core.Base
}

// Operations is the groups family's table: one row per operation (package op).
var Operations = op.Table{
	createGroup, getGroup, updateGroup, deleteGroup, listGroups, listGroupsForUser,
	addUserToGroup, removeUserFromGroup,
}

// groupNamed is the resolver of an operation on the group a request names. IAM groups carry no
// tags, so there are no resource condition keys.
func groupNamed[In any](name func(*In) string) op.Resolver[*Groups, In, *identity.Principal] {
	return core.PrincipalNamed[*Groups](store.PrincipalGroup, name, core.WithoutBoundary)
}

func wireGroup(g *store.Group) iamwire.Group {
	return iamwire.Group{Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: g.ARN, CreateDate: g.Created}
}

// wireUser is a member as GetGroup lists it: the user without boundary and tags, as
// ListUsers shows users.
func wireUser(u *store.User) iamwire.User {
	out := iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	return out
}

// groupPage is a page of groups read by read, in their wire shape.
func groupPage(ctx context.Context, s *Groups, marker *string, maxItems *int32, pathPrefix *string,
	read func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error)) (core.Listing[iamwire.Group], error) {
	return core.List(ctx, s.Store, marker, maxItems, pathPrefix, read, func(g *store.Group) string { return g.Name }, wireGroup)
}

// CreateGroup creates an empty group.
var createGroup = &op.Op[*Groups, iamwire.CreateGroupInput, iamwire.CreateGroupOutput, op.None]{
	Name: "CreateGroup", Action: "iam:CreateGroup",
	Resolve: core.Created[*Groups]("group", func(in *iamwire.CreateGroupInput) *string { return in.Path },
		func(in *iamwire.CreateGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.CreateGroupInput, op.None]) (*iamwire.CreateGroupOutput, error) {
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixGroup)
		if err != nil {
			return nil, err
		}
		g := store.Group{AccountID: r.Account(), ID: id, Name: r.In.GroupName, Path: core.PathOr(r.In.Path), ARN: r.Target.ARN,
			Created: s.Timestamp()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(iamerr.GroupExists.Err(g.Name),
				func() error { _, err := tx.Groups().Get(ctx, g.AccountID, g.Name); return err },
				func() error { return tx.Groups().Create(ctx, g) },
				core.Quota(ctx, tx, g.AccountID, func(s store.AccountSummary) int { return s.Groups }, MaxGroupsPerAccount, quotaGroups))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateGroupOutput{Group: wireGroup(&g)}, nil
	}}

// GetGroup returns a group and a page of its users, ordered by name without regard to case.
var getGroup = &op.Op[*Groups, iamwire.GetGroupInput, iamwire.GetGroupOutput, *identity.Principal]{
	Name: "GetGroup", Action: "iam:GetGroup",
	Resolve: groupNamed(func(in *iamwire.GetGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.GetGroupInput, *identity.Principal]) (*iamwire.GetGroupOutput, error) {
		g := r.Entity().Group
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.User, bool, error) {
				cur, err := core.PrincipalInTx(ctx, tx, r.Entity())
				if err != nil {
					return nil, false, err
				}
				g = cur.Group
				return tx.Groups().Members(ctx, cur.ID, o)
			},
			func(u *store.User) string { return u.Name }, wireUser)
		if err != nil {
			return nil, err
		}
		return &iamwire.GetGroupOutput{Group: wireGroup(g), Users: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// UpdateGroup renames a group or moves it to another path (core.MoveRow); its members and
// policies stay with it.
var updateGroup = core.MoveRow[*Groups, iamwire.UpdateGroupInput, iamwire.UpdateGroupOutput](store.PrincipalGroup, "UpdateGroup",
	func(in *iamwire.UpdateGroupInput) (string, *string, *string) {
		return in.GroupName, in.NewGroupName, in.NewPath
	})

// DeleteGroup deletes a group that nothing depends on any more: IAM refuses (DeleteConflict)
// while it has members, inline policies or attached policies.
var deleteGroup = &op.Op[*Groups, iamwire.DeleteGroupInput, iamwire.DeleteGroupOutput, *identity.Principal]{
	Name: "DeleteGroup", Action: "iam:DeleteGroup",
	Resolve: groupNamed(func(in *iamwire.DeleteGroupInput) string { return in.GroupName }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.DeleteGroupInput, *identity.Principal]) (*iamwire.DeleteGroupOutput, error) {
		return core.DeleteFree[iamwire.DeleteGroupOutput](ctx, s.Store, r.Entity(), core.PrincipalInTx,
			func(tx store.Tx, cur *identity.Principal) ([]core.Dependent, error) {
				d, err := tx.Groups().Dependents(ctx, cur.ID)
				// AWS's messages; the order in which AWS checks is unconfirmed.
				return []core.Dependent{{Count: d.Members, Must: "remove users from group"},
					{Count: d.InlinePolicies, Must: "delete policies"},
					{Count: d.AttachedPolicies, Must: "detach all policies"}}, err
			},
			func(tx store.Tx, cur *identity.Principal) error { return tx.Groups().Delete(ctx, cur.ID) })
	}}

// ListGroups lists the account's groups whose path starts with PathPrefix, ordered by name
// without regard to case.
var listGroups = &op.Op[*Groups, iamwire.ListGroupsInput, iamwire.ListGroupsOutput, op.None]{
	Name: "ListGroups", Action: "iam:ListGroups",
	Resolve: core.PathScoped[*Groups]("group", func(in *iamwire.ListGroupsInput) *string { return in.PathPrefix }),
	Handle: func(s *Groups, ctx context.Context, r *op.Request[iamwire.ListGroupsInput, op.None]) (*iamwire.ListGroupsOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := groupPage(ctx, s, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.Group, bool, error) {
			return tx.Groups().List(ctx, r.Account(), o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListGroupsOutput{Groups: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

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

// RemoveUserFromGroup takes a user out of a group.
var removeUserFromGroup = memberRow[iamwire.RemoveUserFromGroupInput, iamwire.RemoveUserFromGroupOutput]("RemoveUserFromGroup",
	func(in *iamwire.RemoveUserFromGroupInput) (string, string) { return in.GroupName, in.UserName },
	func(ctx context.Context, tx store.Tx, g, u *identity.Principal, name string) error {
		if err := tx.Groups().RemoveMember(ctx, g.ID, u.ID); errors.Is(err, store.ErrNotFound) {
			return iamerr.NotAMember.Err(name)
		} else if err != nil {
			return err
		}
		return nil
	})

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
