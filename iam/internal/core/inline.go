package core

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The one inline-policy implementation of users, groups and roles: Put…Policy, Get…Policy,
// Delete…Policy and List…Policies of each kind are rows made by the functions below.

// InlineLimits are the aggregate sizes of a principal's inline policies, whitespace not
// counted, by kind (IAM User Guide, "IAM and AWS STS quotas": "User policy size cannot exceed
// 2,048 characters", "Group … 5,120", "Role … 10,240").
var InlineLimits = map[store.PrincipalKind]int{
	store.PrincipalUser:  policy.MaxUserInlineChars,
	store.PrincipalGroup: policy.MaxGroupInlineChars,
	store.PrincipalRole:  policy.MaxRoleInlineChars,
}

// NoSuchInlinePolicy: the principal has no inline policy of that name.
func NoSuchInlinePolicy(kind store.PrincipalKind, name string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The %s policy with name %s cannot be found.", kind, name)
}

// InlineSizeExceeded: a principal's inline policies together would exceed its kind's quota.
func InlineSizeExceeded(kind store.PrincipalKind, name string) *awserr.Error {
	return iamwire.ErrLimitExceeded("Maximum policy size of %d bytes exceeded for %s %s", InlineLimits[kind], kind, name)
}

// PutInlineRow is Put{User,Group,Role}Policy: it adds or replaces an inline policy. The document
// must pass IAM's validator for inline policies (MalformedPolicyDocument), the principal's
// inline policies together may not exceed its kind's limit (LimitExceeded), and a
// service-linked role is AWS's to change (UnmodifiableEntity). The policy is in force for the
// next request. args returns the principal's name, the policy's name and the document.
func PutInlineRow[S Family, In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string, string)) *op.Op[S, In, Out, *identity.Principal] {
	return &op.Op[S, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: PrincipalNamed[S](kind, func(in *In) string { p, _, _ := args(in); return p }, WithBoundary),
		Handle: func(s S, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, policyName, doc := args(r.In)
			if r.Entity().ServiceLinked {
				return nil, ProtectedRole(r.Entity().Name)
			}
			if err := ValidateDocument(doc, policy.IAMInline); err != nil {
				return nil, err
			}
			err := s.Shared().Store.Update(ctx, func(tx store.Tx) error {
				p, err := PrincipalInTx(ctx, tx, r.Entity())
				if err != nil {
					return err
				}
				existing, _, err := tx.InlinePolicies().List(ctx, p.Ref(), store.ListOptions{Limit: store.MaxListLimit})
				if err != nil {
					return err
				}
				if InlineSize(existing, policyName, doc) > InlineLimits[kind] {
					return InlineSizeExceeded(kind, p.Name)
				}
				return tx.InlinePolicies().Put(ctx, p.Ref(), store.InlinePolicy{Name: policyName, Document: doc})
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// DeleteInlineRow is Delete{User,Group,Role}Policy. args returns the principal's name and the
// policy's.
func DeleteInlineRow[S Family, In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string)) *op.Op[S, In, Out, *identity.Principal] {
	return &op.Op[S, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: PrincipalNamed[S](kind, func(in *In) string { p, _ := args(in); return p }, WithBoundary),
		Handle: func(s S, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, policyName := args(r.In)
			if r.Entity().ServiceLinked {
				return nil, ProtectedRole(r.Entity().Name)
			}
			err := s.Shared().Store.Update(ctx, func(tx store.Tx) error {
				p, err := PrincipalInTx(ctx, tx, r.Entity())
				if err != nil {
					return err
				}
				err = tx.InlinePolicies().Delete(ctx, p.Ref(), policyName)
				if IsNotFound(err) {
					return NoSuchInlinePolicy(kind, policyName)
				}
				return err
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// GetInlineRow is Get{User,Group,Role}Policy: the policy with its document URL-encoded, as IAM
// returns documents. args returns the principal's name and the policy's; out makes the answer
// from the principal's name, the policy's and the encoded document.
func GetInlineRow[S Family, In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string),
	out func(principal, policyName, document string) *Out) *op.Op[S, In, Out, *identity.Principal] {
	return &op.Op[S, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: PrincipalNamed[S](kind, func(in *In) string { p, _ := args(in); return p }, WithoutBoundary),
		Handle: func(s S, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, policyName := args(r.In)
			var pol store.InlinePolicy
			err := s.Shared().Store.View(ctx, func(tx store.Tx) error {
				var err error
				pol, err = tx.InlinePolicies().Get(ctx, r.Entity().Ref(), policyName)
				if IsNotFound(err) {
					return NoSuchInlinePolicy(kind, policyName)
				}
				return err
			})
			if err != nil {
				return nil, err
			}
			return out(r.Entity().Name, pol.Name, URLEncode(pol.Document)), nil
		}}
}

// PolicyNameList is the shape of every List…Policies answer.
type PolicyNameList = struct {
	PolicyNames []string
	IsTruncated *bool
	Marker      *string
}

// ListInlineRow is List{User,Group,Role}Policies: the names of the principal's inline policies,
// ordered by name, in pages (ListPage). args returns the principal's name, Marker and MaxItems.
func ListInlineRow[S Family, In any, Out ~PolicyNameList](kind store.PrincipalKind, name string, args func(*In) (string, *string, *int32)) *op.Op[S, In, Out, *identity.Principal] {
	return &op.Op[S, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: PrincipalNamed[S](kind, func(in *In) string { p, _, _ := args(in); return p }, WithoutBoundary),
		Handle: func(s S, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, marker, maxItems := args(r.In)
			l, err := ListPage(ctx, s.Shared().Store, marker, maxItems, nil,
				func(tx store.Tx, o store.ListOptions) ([]store.InlinePolicy, bool, error) {
					return tx.InlinePolicies().List(ctx, r.Entity().Ref(), o)
				}, func(p *store.InlinePolicy) string { return p.Name })
			if err != nil {
				return nil, err
			}
			names := Convert(l, func(p *store.InlinePolicy) string { return p.Name })
			out := Out(PolicyNameList{PolicyNames: names.Items, IsTruncated: l.IsTruncated, Marker: l.Marker})
			return &out, nil
		}}
}
