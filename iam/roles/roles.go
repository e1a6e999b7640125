package roles

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Roles implements the roles family of IAM operations.
type Roles struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Roles { return &Roles{Base: b} }

// Operations is the roles family's table: one row per operation (package op).
var Operations = op.Table{
	createRole, getRole, updateRole, updateRoleDescription, updateAssumeRolePolicy, deleteRole, listRoles,
	createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus,
	createInstanceProfile, getInstanceProfile, deleteInstanceProfile, listInstanceProfiles, listInstanceProfilesForRole,
	addRoleToInstanceProfile, removeRoleFromInstanceProfile,
	tagRole, untagRole, listRoleTags, tagInstanceProfile, untagInstanceProfile, listInstanceProfileTags,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()

// role is a role as the operations read it: the record, its tags, and its trust policy as
// IAM shows it (identity.EffectiveTrustPolicy).
type role struct {
	store.Role
	tags  []store.Tag
	trust string
}

// roles is the role as a kind of named entity. The condition keys describing an existing
// role in every request about it are its tags (aws:ResourceTag/…, iam:ResourceTag/…) and its
// permissions boundary (iam:PermissionsBoundary, which the Service Authorization Reference
// lists for most role actions); rolesNoBoundary leaves the boundary out, for the actions whose
// entry does not list it (DeleteServiceLinkedRole, ListInstanceProfilesForRole).
var (
	roles           = roleKind(core.WithBoundary)
	rolesNoBoundary = roleKind(core.WithoutBoundary)
)

func roleKind(b core.Boundary) *core.Named[*role] {
	keys := []string{op.ResourceTag, core.IAMResourceTag}
	if b {
		keys = append(keys, core.BoundaryKey)
	}
	return &core.Named[*role]{Keys: keys,
		Read: func(ctx context.Context, tx store.Tx, account, name string) (*role, string, []authz.Key, error) {
			got, err := tx.Roles().Get(ctx, account, name)
			if err != nil {
				return nil, "", nil, err
			}
			r, err := readRole(ctx, tx, got)
			if err != nil {
				return nil, "", nil, err
			}
			keys := core.ResourceTagKeys(r.tags)
			if b && r.BoundaryARN != "" {
				keys = append(keys, authz.StringKey(core.BoundaryKey, r.BoundaryARN))
			}
			return r, r.ARN, keys, nil
		},
		Missing: func(account, name string) (string, *awserr.Error) {
			return arn.Role(account, "/", name), core.NoSuchRole(name)
		},
	}
}

// roleNamed is the resolver of an operation on the role a request names.
func roleNamed[In any](name func(*In) string) op.Resolver[*Roles, In, *role] {
	return core.ByName[*Roles](roles, name)
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
func roleInTx(ctx context.Context, tx store.Tx, r *role) (store.Role, error) {
	cur, err := tx.Roles().Get(ctx, r.AccountID, r.Name)
	if errors.Is(err, store.ErrNotFound) || err == nil && cur.ID != r.ID {
		return cur, core.NoSuchRole(r.Name)
	}
	return cur, err
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
