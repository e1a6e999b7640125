package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Building blocks of the families' rows that are not about one kind of entity.

// PathOr is a request's Path or PathPrefix, "/" when absent (IAM's default).
func PathOr(p *string) string {
	if p == nil {
		return "/"
	}
	return *p
}

// Created is the resolver of an operation that creates an IAM entity of type typ ("user",
// "group", "role", "policy", "instance-profile", …): the target is the ARN the new entity
// will have, from the request's path (default "/") and name.
func Created[S Family, In any](typ string, path func(*In) *string, name func(*In) string) op.Resolver[S, In, op.None] {
	return op.At[S](func(call *callctx.Call, in *In) string {
		return arn.Entity(call.Caller.AccountID, typ, PathOr(path(in)), name(in))
	})
}

// PathScoped is the resolver of a listing of the account's entities of type typ whose path
// starts with the request's PathPrefix (default "/"): the target is typ followed by the
// prefix, as IAM authorizes List* operations (arn:aws:iam::ACCOUNT:user/PREFIX).
func PathScoped[S Family, In any](typ string, prefix func(*In) *string) op.Resolver[S, In, op.None] {
	return Created[S](typ, prefix, func(*In) string { return "" })
}

// NewTags are the condition keys of the tags a create operation adds: aws:RequestTag/… for
// each and aws:TagKeys, which a request without tags carries with no values.
func NewTags[In any](tags func(*In) []iamwire.Tag) op.KeySource[In] {
	return op.KeySource[In]{Keys: []string{op.RequestTag, op.TagKeys}, Of: func(in *In) []authz.Key {
		return RequestTagKeys(tags(in))
	}}
}

// NewBoundary is iam:PermissionsBoundary of a boundary a request sets (CreateUser, CreateRole,
// Put…PermissionsBoundary).
func NewBoundary[In any](boundary func(*In) *string) op.KeySource[In] {
	return op.StringKeyOf(BoundaryKey, boundary)
}

// CreateUnique is the write of a create operation, in its transaction: lookup reads the
// entity by the new one's name (store.ErrNotFound when the name is free), then checks run in
// order (boundary exists, quota, …), then create stores it. A name in use, found by lookup or
// by the store's uniqueness, is exists.
func CreateUnique(exists error, lookup func() error, create func() error, checks ...func() error) error {
	if err := lookup(); err == nil {
		return exists
	} else if !IsNotFound(err) {
		return err
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return Unique(create(), exists)
}

// Quota is a check for CreateUnique: the account has fewer than max entities of a kind
// (count reads their number from the account summary), else LimitExceeded naming quota.
func Quota(ctx context.Context, tx store.Tx, account string, count func(store.AccountSummary) int, max int, quota string) func() error {
	return func() error {
		sum, err := tx.Accounts().Summary(ctx, account)
		if err != nil {
			return err
		}
		if count(sum) >= max {
			return QuotaExceeded(quota, max)
		}
		return nil
	}
}

// BoundaryExists is a check for CreateUnique: the permissions boundary a new user or role is
// given, if any, is a managed policy that exists (CheckBoundary).
func BoundaryExists(ctx context.Context, tx store.Tx, account, boundary string) func() error {
	return func() error {
		if boundary == "" {
			return nil
		}
		return CheckBoundary(ctx, tx, account, boundary)
	}
}

// Read runs read in a read transaction and returns what it read.
func Read[T any](ctx context.Context, st store.Store, read func(tx store.Tx) (T, error)) (T, error) {
	var out T
	err := st.View(ctx, func(tx store.Tx) error {
		var err error
		out, err = read(tx)
		return err
	})
	return out, err
}

// Checked is resolver r after check: a request that fails check (a malformed member the model
// does not constrain) is answered before authorization, as AWS answers it.
func Checked[S Family, In, E any](check func(*In) error, r op.Resolver[S, In, E]) op.Resolver[S, In, E] {
	return op.Resolver[S, In, E]{Keys: r.Keys,
		Find: func(s S, ctx context.Context, call *callctx.Call, in *In) (op.Target[E], error) {
			if err := check(in); err != nil {
				return op.Target[E]{}, err
			}
			return r.Find(s, ctx, call, in)
		}}
}
