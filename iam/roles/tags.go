package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Roles and instance profiles as taggable kinds (core.Taggable): Tag*, Untag* and List*Tags
// of each are rows of the one tagging implementation.

var roleTags = &core.Taggable[*Roles]{
	Prefixes: core.ResourceTagPrefixes,
	Quota:    quotaTagsPerRole,
	Lookup: func(ctx context.Context, tx store.Tx, account, name string) (string, store.Resource, error) {
		r, err := tx.Roles().Get(ctx, account, name)
		return r.ARN, store.Resource{Kind: store.KindRole, Key: r.ID}, err
	},
	Missing: func(account, name string) (string, *awserr.Error) {
		return arn.Role(account, "/", name), core.NoSuchRole(name)
	},
}

var profileTags = &core.Taggable[*Roles]{
	Prefixes: core.GlobalTagPrefixes,
	Quota:    quotaTagsPerProfile,
	Lookup: func(ctx context.Context, tx store.Tx, account, name string) (string, store.Resource, error) {
		p, err := tx.InstanceProfiles().Get(ctx, account, name)
		return p.ARN, store.Resource{Kind: store.KindInstanceProfile, Key: p.ID}, err
	},
	Missing: func(account, name string) (string, *awserr.Error) {
		return arn.Entity(account, "instance-profile", "/", name), iamerr.NoSuchInstanceProfile.Err(name)
	},
}

var tagRole = core.TagRow[*Roles, iamwire.TagRoleInput, iamwire.TagRoleOutput](roleTags, "TagRole",
	func(in *iamwire.TagRoleInput) (string, []iamwire.Tag) { return in.RoleName, in.Tags })

var untagRole = core.UntagRow[*Roles, iamwire.UntagRoleInput, iamwire.UntagRoleOutput](roleTags, "UntagRole",
	func(in *iamwire.UntagRoleInput) (string, []string) { return in.RoleName, in.TagKeys })

var listRoleTags = core.ListTagsRow[*Roles, iamwire.ListRoleTagsInput, iamwire.ListRoleTagsOutput](roleTags, "ListRoleTags",
	func(in *iamwire.ListRoleTagsInput) (string, *string, *int32) {
		return in.RoleName, in.Marker, in.MaxItems
	})

var tagInstanceProfile = core.TagRow[*Roles, iamwire.TagInstanceProfileInput, iamwire.TagInstanceProfileOutput](profileTags, "TagInstanceProfile",
	func(in *iamwire.TagInstanceProfileInput) (string, []iamwire.Tag) {
		return in.InstanceProfileName, in.Tags
	})

var untagInstanceProfile = core.UntagRow[*Roles, iamwire.UntagInstanceProfileInput, iamwire.UntagInstanceProfileOutput](profileTags, "UntagInstanceProfile",
	func(in *iamwire.UntagInstanceProfileInput) (string, []string) {
		return in.InstanceProfileName, in.TagKeys
	})

var listInstanceProfileTags = core.ListTagsRow[*Roles, iamwire.ListInstanceProfileTagsInput, iamwire.ListInstanceProfileTagsOutput](profileTags, "ListInstanceProfileTags",
	func(in *iamwire.ListInstanceProfileTagsInput) (string, *string, *int32) {
		return in.InstanceProfileName, in.Marker, in.MaxItems
	})
