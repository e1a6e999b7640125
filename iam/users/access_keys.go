package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
)

// keyOwner is whose access keys an operation acts on: a named user, or, without UserName, the
// caller itself (an IAM user, or the account's root user).
type keyOwner struct {
	root bool
	name string
	user *store.User // nil for root, and for a named user that does not exist
	tags []store.Tag
}

func (s *Users) keyOwner(ctx context.Context, call *callctx.Call, userName *string) (keyOwner, error) {
	c := call.Caller
	name := core.Optional(userName)
	if userName == nil {
		switch c.Kind {
		case callctx.KindRoot:
			return keyOwner{root: true}, nil
		case callctx.KindUser:
			name = c.UserName
		default:
			return keyOwner{}, core.NonUserCredentials()
		}
	}
	u, tags, err := s.findUser(ctx, c.AccountID, name)
	return keyOwner{name: name, user: u, tags: tags}, err
}

// authorize authorizes action on the owner, then reports a named user that does not exist.
func (s *Users) authorizeOwner(ctx context.Context, call *callctx.Call, action string, o keyOwner) error {
	account := call.Caller.AccountID
	resource := arn.Root(account)
	if !o.root {
		resource = userResource(account, o.name, o.user)
	}
	if err := s.Authorize(ctx, call, action, resource, core.ResourceTagKeys(o.tags)...); err != nil {
		return err
	}
	if !o.root && o.user == nil {
		return noSuchUser(o.name)
	}
	return nil
}

// ownerID is the store's user ID of the owner: "" for root.
func (o keyOwner) ownerID(ctx context.Context, tx store.Tx, account string) (string, error) {
	if o.root {
		return "", nil
	}
	u, err := userInTx(ctx, tx, account, o.name)
	if err != nil {
		return "", err
	}
	if u.ID != o.user.ID {
		return "", noSuchUser(o.name)
	}
	return u.ID, nil
}

// ownerName is the UserName access-key responses carry: the user's current name, or nothing
// for the root user's keys.
func (o keyOwner) ownerName() *string {
	if o.root {
		return nil
	}
	n := o.user.Name
	return &n
}

// ownedKey reads an access key inside a write and checks that it belongs to the owner.
func ownedKey(ctx context.Context, tx store.Tx, account, ownerID, keyID string) (store.AccessKey, error) {
	k, err := tx.AccessKeys().Get(ctx, keyID)
	if err != nil || k.AccountID != account || k.UserID != ownerID {
		if err == nil || core.IsNotFound(err) {
			return k, noSuchAccessKey(keyID)
		}
		return k, err
	}
	return k, nil
}
