package users

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Users implements the IAM operations on users, their access keys, tags and inline policies.
type Users struct {
	*core.Base
}

// New returns the users family over the shared service dependencies.
func New(b *core.Base) *Users { return &Users{Base: b} }

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
