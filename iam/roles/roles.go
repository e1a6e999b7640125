package roles

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Roles implements the roles family of IAM operations.
type Roles struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Roles { return &Roles{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"AddRoleToInstanceProfile",
	"CreateInstanceProfile",
	"CreateRole",
	"CreateServiceLinkedRole",
	"DeleteInstanceProfile",
	"DeleteRole",
	"DeleteServiceLinkedRole",
	"GetInstanceProfile",
	"GetRole",
	"GetServiceLinkedRoleDeletionStatus",
	"ListInstanceProfileTags",
	"ListInstanceProfiles",
	"ListInstanceProfilesForRole",
	"ListRoleTags",
	"ListRoles",
	"RemoveRoleFromInstanceProfile",
	"TagInstanceProfile",
	"TagRole",
	"UntagInstanceProfile",
	"UntagRole",
	"UpdateAssumeRolePolicy",
	"UpdateRole",
	"UpdateRoleDescription",
}

// roleARN is the ARN of a role: arn:aws:iam::ACCOUNT:role/PATH/NAME.
func roleARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":role" + path + name
}

// role is a role as the operations read it: the record, its tags, and its trust policy as
// IAM shows it (identity.EffectiveTrustPolicy).
type role struct {
	store.Role
	tags  []store.Tag
	trust string
}

// resource is the resource a request about the role named name is authorized against: the
// role's own ARN (with its path) when it exists, else the path-less ARN its name would have.
func resource(account, name string, r *role) string {
	if r != nil {
		return r.ARN
	}
	return roleARN(account, "/", name)
}

// conditionKeys are the keys that describe an existing role in every request about it: its
// tags (aws:ResourceTag/…, iam:ResourceTag/…) and its permissions boundary
// (iam:PermissionsBoundary, which the Service Authorization Reference lists for the role
// actions that act on an existing role).
func conditionKeys(r *role) []authz.Key {
	if r == nil {
		return nil
	}
	keys := core.ResourceTagKeys(r.tags)
	if r.BoundaryARN != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", r.BoundaryARN))
	}
	return keys
}

// findRole reads a role with its tags and effective trust policy; nil when there is no
// such role.
func (s *Roles) findRole(ctx context.Context, account, name string) (*role, error) {
	var out *role
	err := s.Store.View(ctx, func(tx store.Tx) error {
		r, err := tx.Roles().Get(ctx, account, name)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		out, err = readRole(ctx, tx, r)
		return err
	})
	return out, err
}

// readRole completes a role record with its tags and effective trust policy.
func readRole(ctx context.Context, tx store.Tx, r store.Role) (*role, error) {
	tags, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindRole, Key: r.ID})
	if err != nil {
		return nil, err
	}
	trust, err := core.EffectiveTrust(ctx, tx, []store.Role{r})
	if err != nil {
		return nil, err
	}
	return &role{Role: r, tags: tags, trust: trust[r.ID]}, nil
}

// roleInTx re-reads a role inside a write transaction, where it may have gone (or been
// deleted and recreated) since it was authorized.
func roleInTx(ctx context.Context, tx store.Tx, account, name, id string) (store.Role, error) {
	r, err := tx.Roles().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) || err == nil && r.ID != id {
		return r, noSuchRole(name)
	}
	return r, err
}

// basicRole is the role shape CreateRole, CreateServiceLinkedRole and instance profiles
// return: AWS leaves out Description, MaxSessionDuration and RoleLastUsed there (recorded
// from AWS). The trust policy is URL-encoded, as IAM returns policy documents.
func basicRole(r *store.Role, trust string) iamwire.Role {
	doc := core.URLEncode(trust)
	return iamwire.Role{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: r.ARN, CreateDate: r.Created,
		AssumeRolePolicyDocument: &doc}
}

// listedRole is the shape of ListRoles: the basic shape with Description and
// MaxSessionDuration, without the boundary, tags and RoleLastUsed (recorded from AWS).
func listedRole(r *store.Role, trust string) iamwire.Role {
	out := basicRole(r, trust)
	if r.Description != "" {
		d := r.Description
		out.Description = &d
	}
	msd := int32(r.MaxSessionDuration)
	out.MaxSessionDuration = &msd
	return out
}

// fullRole is the shape of GetRole: everything, RoleLastUsed always present (empty when the
// role was never used).
func fullRole(r *role) iamwire.Role {
	out := listedRole(&r.Role, r.trust)
	out.PermissionsBoundary = boundary(r.BoundaryARN)
	out.Tags = core.WireTags(r.tags)
	last := &iamwire.RoleLastUsed{}
	if !r.LastUsed.When.IsZero() {
		when := r.LastUsed.When.UTC().Truncate(time.Second)
		last.LastUsedDate = &when
		if r.LastUsed.Region != "" {
			region := r.LastUsed.Region
			last.Region = &region
		}
	}
	out.RoleLastUsed = last
	return out
}

func boundary(arn string) *iamwire.AttachedPermissionsBoundary {
	if arn == "" {
		return nil
	}
	typ := iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy
	return &iamwire.AttachedPermissionsBoundary{PermissionsBoundaryType: &typ, PermissionsBoundaryArn: &arn}
}
