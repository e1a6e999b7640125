package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

// TagUser adds tags to a user (core.TagRow).
func (s *Users) TagUser(ctx context.Context, in *iamwire.TagUserInput) (*iamwire.TagUserOutput, error) {
	return tagUser.Run(ctx, s, in)
}

// UntagUser removes tags from a user by key (core.UntagRow).
func (s *Users) UntagUser(ctx context.Context, in *iamwire.UntagUserInput) (*iamwire.UntagUserOutput, error) {
	return untagUser.Run(ctx, s, in)
}

// ListUserTags lists a user's tags (core.ListTagsRow).
func (s *Users) ListUserTags(ctx context.Context, in *iamwire.ListUserTagsInput) (*iamwire.ListUserTagsOutput, error) {
	return listUserTags.Run(ctx, s, in)
}
