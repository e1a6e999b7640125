package users

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Users is the users family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers), as does the account administration of accounts.go.
type Users struct {
	*core.Base
}

// wireUser is a user as GetUser and CreateUser return it; ListUsers leaves out the
// boundary and tags, as AWS does.
func wireUser(u *store.User, tags []store.Tag, full bool) iamwire.User {
	out := iamwire.User{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN, CreateDate: u.Created}
	if !u.PasswordLastUsed.IsZero() {
		t := u.PasswordLastUsed
		out.PasswordLastUsed = &t
	}
	if full {
		if u.BoundaryARN != "" {
			typ := iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy
			arn := u.BoundaryARN
			out.PermissionsBoundary = &iamwire.AttachedPermissionsBoundary{PermissionsBoundaryType: &typ, PermissionsBoundaryArn: &arn}
		}
		out.Tags = core.WireTags(tags)
	}
	return out
}

// CreateUser creates an IAM user, optionally with a permissions boundary and tags.
var createUser = &op.Op[*Users, iamwire.CreateUserInput, iamwire.CreateUserOutput, op.None]{
	Name: "CreateUser", Action: "iam:CreateUser",
	Resolve: core.Created[*Users]("user", func(in *iamwire.CreateUserInput) *string { return in.Path },
		func(in *iamwire.CreateUserInput) string { return in.UserName }),
	Keys: []op.KeySource[iamwire.CreateUserInput]{
		core.NewTags(func(in *iamwire.CreateUserInput) []iamwire.Tag { return in.Tags }),
		core.NewBoundary(func(in *iamwire.CreateUserInput) *string { return in.PermissionsBoundary }),
	},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.CreateUserInput, op.None]) (*iamwire.CreateUserOutput, error) {
		in := r.In
		if err := core.CheckNewTags(in.Tags, nil, "TagsPerUser"); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixUser)
		if err != nil {
			return nil, err
		}
		u := store.User{AccountID: r.Account(), ID: id, Name: in.UserName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			Created: s.Timestamp(), BoundaryARN: core.Optional(in.PermissionsBoundary)}
		tags := core.StoreTags(in.Tags)
		if err := s.Store.Update(ctx, func(tx store.Tx) error { return createUserInTx(ctx, tx, u, tags) }); err != nil {
			return nil, err
		}
		out := wireUser(&u, tags, true)
		return &iamwire.CreateUserOutput{User: &out}, nil
	}}

// createUserInTx stores a new user with its tags: its name must be free, its boundary a
// policy that exists, and the account under its quota of users.
func createUserInTx(ctx context.Context, tx store.Tx, u store.User, tags []store.Tag) error {
	return core.CreateUnique(iamerr.UserExists.Err(u.Name),
		func() error { _, err := tx.Users().Get(ctx, u.AccountID, u.Name); return err },
		func() error {
			if err := tx.Users().Create(ctx, u); err != nil || len(tags) == 0 {
				return err
			}
			return tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, tags)
		},
		core.BoundaryExists(ctx, tx, u.AccountID, u.BoundaryARN),
		core.Quota(ctx, tx, u.AccountID, func(s store.AccountSummary) int { return s.Users }, MaxUsersPerAccount, "UsersPerAccount"))
}

// GetUser returns a user. Without UserName it returns the caller: an IAM user itself, or for
// the root user the account's root identity (UserId the account ID, Arn …:root, CreateDate
// the account's creation, no UserName or Path), as AWS does.
var getUser = &op.Op[*Users, iamwire.GetUserInput, iamwire.GetUserOutput, core.Owner]{
	Name: "GetUser", Action: "iam:GetUser",
	Resolve: core.OwnerOf[*Users](func(in *iamwire.GetUserInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.GetUserInput, core.Owner]) (*iamwire.GetUserOutput, error) {
		if o := r.Entity(); !o.Root {
			return &iamwire.GetUserOutput{User: wireUser(o.User.User, o.User.Tags, true)}, nil
		}
		c := r.Call.Caller
		var acct store.Account
		err := s.Store.View(ctx, func(tx store.Tx) error {
			var err error
			acct, err = tx.Accounts().Get(ctx, c.AccountID)
			return err
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return &iamwire.GetUserOutput{User: iamwire.User{UserId: c.AccountID, Arn: c.ARN, CreateDate: acct.Created}}, nil
	}}

// UpdateUser renames a user or moves it to another path (core.MoveRow).
var updateUser = core.MoveRow[*Users, iamwire.UpdateUserInput, iamwire.UpdateUserOutput](store.PrincipalUser, "UpdateUser",
	func(in *iamwire.UpdateUserInput) (string, *string, *string) {
		return in.UserName, in.NewUserName, in.NewPath
	})

// DeleteUser deletes a user that nothing depends on any more. IAM refuses (DeleteConflict) while
// the user has a password, access keys, signing certificates, SSH keys, service-specific
// credentials, MFA devices, inline or attached policies, or group memberships; the messages are
// AWS's, checked in this order.
var deleteUser = &op.Op[*Users, iamwire.DeleteUserInput, iamwire.DeleteUserOutput, *identity.Principal]{
	Name: "DeleteUser", Action: "iam:DeleteUser",
	Resolve: core.PrincipalNamed[*Users](store.PrincipalUser, func(in *iamwire.DeleteUserInput) string { return in.UserName }, core.WithoutBoundary),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.DeleteUserInput, *identity.Principal]) (*iamwire.DeleteUserOutput, error) {
		return core.DeleteFree[iamwire.DeleteUserOutput](ctx, s.Store, r.Entity(), core.PrincipalInTx,
			func(tx store.Tx, cur *identity.Principal) ([]core.Dependent, error) {
				d, err := tx.Users().Dependents(ctx, cur.ID)
				return dependents(d), err
			},
			func(tx store.Tx, cur *identity.Principal) error { return tx.Users().Delete(ctx, cur.ID) })
	}}

// dependents are what must go before a user can be deleted, in the order AWS checks them and
// in the words of AWS's DeleteConflict messages.
func dependents(d store.UserDependents) []core.Dependent {
	profiles := 0
	if d.LoginProfile {
		profiles = 1
	}
	return []core.Dependent{{Count: profiles, Must: "delete login profile"},
		{Count: d.AccessKeys, Must: "delete access keys"},
		{Count: d.SigningCertificates, Must: "delete signing certificates"},
		{Count: d.SSHPublicKeys, Must: "delete SSH public keys"},
		{Count: d.ServiceCredentials, Must: "delete service-specific credentials"},
		{Count: d.MFADevices, Must: "delete MFA device"},
		{Count: d.InlinePolicies, Must: "delete policies"},
		{Count: d.AttachedPolicies, Must: "detach all policies"},
		{Count: d.Groups, Must: "remove users from group"}}
}

// ListUsers lists the account's users whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each user's boundary and tags.
var listUsers = &op.Op[*Users, iamwire.ListUsersInput, iamwire.ListUsersOutput, op.None]{
	Name: "ListUsers", Action: "iam:ListUsers",
	Resolve: core.PathScoped[*Users]("user", func(in *iamwire.ListUsersInput) *string { return in.PathPrefix }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.ListUsersInput, op.None]) (*iamwire.ListUsersOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, &prefix,
			func(tx store.Tx, o store.ListOptions) ([]store.User, bool, error) {
				return tx.Users().List(ctx, r.Account(), o)
			},
			func(u *store.User) string { return u.Name }, func(u *store.User) iamwire.User { return wireUser(u, nil, false) })
		if err != nil {
			return nil, err
		}
		return &iamwire.ListUsersOutput{Users: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// userTags is the user as a taggable kind (core.Taggable): TagUser, UntagUser and ListUserTags
// are its rows.
var userTags = &core.Taggable[*Users]{
	Prefixes: core.ResourceTagPrefixes,
	Quota:    "TagsPerUser",
	Lookup: func(ctx context.Context, tx store.Tx, account, name string) (string, store.Resource, error) {
		u, err := tx.Users().Get(ctx, account, name)
		return u.ARN, store.Resource{Kind: store.KindUser, Key: u.ID}, err
	},
	Missing: func(account, name string) (string, *awserr.Error) {
		return arn.User(account, "/", name), core.NoSuchUser(name)
	},
}

var tagUser = core.TagRow[*Users, iamwire.TagUserInput, iamwire.TagUserOutput](userTags, "TagUser",
	func(in *iamwire.TagUserInput) (string, []iamwire.Tag) { return in.UserName, in.Tags })

var untagUser = core.UntagRow[*Users, iamwire.UntagUserInput, iamwire.UntagUserOutput](userTags, "UntagUser",
	func(in *iamwire.UntagUserInput) (string, []string) { return in.UserName, in.TagKeys })

var listUserTags = core.ListTagsRow[*Users, iamwire.ListUserTagsInput, iamwire.ListUserTagsOutput](userTags, "ListUserTags",
	func(in *iamwire.ListUserTagsInput) (string, *string, *int32) {
		return in.UserName, in.Marker, in.MaxItems
	})

// A user's inline policies, by the one inline-policy implementation (core.PutInlineRow, …):
// PutUserPolicy validates the document and keeps the user's inline policies together within
// 2,048 characters without whitespace; the policy is in force for the user's next request.

var putUserPolicy = core.PutInlineRow[*Users, iamwire.PutUserPolicyInput, iamwire.PutUserPolicyOutput](store.PrincipalUser, "PutUserPolicy",
	func(in *iamwire.PutUserPolicyInput) (string, string, string) {
		return in.UserName, in.PolicyName, in.PolicyDocument
	})

var getUserPolicy = core.GetInlineRow[*Users, iamwire.GetUserPolicyInput](store.PrincipalUser, "GetUserPolicy",
	func(in *iamwire.GetUserPolicyInput) (string, string) { return in.UserName, in.PolicyName },
	func(user, name, doc string) *iamwire.GetUserPolicyOutput {
		return &iamwire.GetUserPolicyOutput{UserName: user, PolicyName: name, PolicyDocument: doc}
	})

var deleteUserPolicy = core.DeleteInlineRow[*Users, iamwire.DeleteUserPolicyInput, iamwire.DeleteUserPolicyOutput](store.PrincipalUser, "DeleteUserPolicy",
	func(in *iamwire.DeleteUserPolicyInput) (string, string) { return in.UserName, in.PolicyName })

var listUserPolicies = core.ListInlineRow[*Users, iamwire.ListUserPoliciesInput, iamwire.ListUserPoliciesOutput](store.PrincipalUser, "ListUserPolicies",
	func(in *iamwire.ListUserPoliciesInput) (string, *string, *int32) {
		return in.UserName, in.Marker, in.MaxItems
	})
