package groups

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Groups implements the groups family of IAM operations.
type Groups struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Groups { return &Groups{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"AddUserToGroup",
	"CreateGroup",
	"DeleteGroup",
	"GetGroup",
	"ListGroups",
	"ListGroupsForUser",
	"RemoveUserFromGroup",
	"UpdateGroup",
}

// groupARN is the ARN of a group: arn:aws:iam::ACCOUNT:group/PATH/NAME.
func groupARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":group" + path + name
}

// userARN is the ARN a user of that name has when it does not exist (no path).
func userARN(account, name string) string {
	return "arn:aws:iam::" + account + ":user/" + name
}

// groupResource is the resource a request about the group named name is authorized against:
// the group's own ARN (with its path) when it exists, else the path-less ARN its name would
// have. IAM groups carry no tags, so there are no resource condition keys.
func groupResource(account, name string, g *store.Group) string {
	if g != nil {
		return g.ARN
	}
	return groupARN(account, "/", name)
}

// find reads a group (when groupName is not "") and a user with its tags (when userName is
// not ""), in one snapshot; each is nil when it does not exist.
func (s *Groups) find(ctx context.Context, account, groupName, userName string) (g *store.Group, u *store.User, userTags []store.Tag, err error) {
	err = s.Store.View(ctx, func(tx store.Tx) error {
		if groupName != "" {
			got, err := tx.Groups().Get(ctx, account, groupName)
			if err == nil {
				g = &got
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if userName != "" {
			got, err := tx.Users().Get(ctx, account, userName)
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			u = &got
			userTags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: got.ID})
			return err
		}
		return nil
	})
	return g, u, userTags, err
}

// groupInTx re-reads a group inside a write transaction, where it may have gone (or been
// deleted and recreated) since it was authorized.
func groupInTx(ctx context.Context, tx store.Tx, account, name, id string) (store.Group, error) {
	g, err := tx.Groups().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) || err == nil && g.ID != id {
		return g, noSuchGroup(name)
	}
	return g, err
}

// userInTx is groupInTx for a user.
func userInTx(ctx context.Context, tx store.Tx, account, name, id string) (store.User, error) {
	u, err := tx.Users().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) || err == nil && u.ID != id {
		return u, noSuchUser(name)
	}
	return u, err
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

// groupPage is a page of groups with its Marker and IsTruncated.
func groupPage(gs []store.Group, more bool) ([]iamwire.Group, *string, *bool) {
	out := make([]iamwire.Group, len(gs))
	for i := range gs {
		out[i] = wireGroup(&gs[i])
	}
	last := ""
	if len(gs) > 0 {
		last = gs[len(gs)-1].Name
	}
	marker, truncated := core.NextMarker(more, last)
	return out, marker, truncated
}
