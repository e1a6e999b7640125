package policies

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// awsAccount is the account part of the ARNs of AWS managed policies.
const awsAccount = "aws"

// policyRef is a managed policy named by ARN: an AWS managed one (account "aws", from the
// catalog) or a customer managed one. After resolve, aws or cust is set when the policy exists
// and the caller may see it: a customer managed policy of another account is never found.
type policyRef struct {
	arn     string
	account string
	aws     *managed.Policy
	cust    *store.ManagedPolicy
	tags    []store.Tag
}

// parsePolicyARN checks that s is an IAM policy ARN (InvalidInput otherwise, as AWS answers).
func parsePolicyARN(s string) (*policyRef, error) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || a.Region != "" || !strings.HasPrefix(a.Resource, "policy/") ||
		len(a.Resource) == len("policy/") || (a.AccountID != awsAccount && !arn.IsAccountID(a.AccountID)) {
		return nil, iamerr.InvalidARN.Err(s)
	}
	return &policyRef{arn: s, account: a.AccountID}, nil
}

func (r *policyRef) awsManaged() bool { return r.account == awsAccount }

func (r *policyRef) exists() bool { return r.aws != nil || r.cust != nil }

// name and path are the policy's, from its ARN for AWS managed ones.
func (r *policyRef) name() string {
	if r.cust != nil {
		return r.cust.Name
	}
	if r.aws != nil {
		return r.aws.Name
	}
	return r.arn[strings.LastIndexByte(r.arn, '/')+1:]
}

func (r *policyRef) path() string {
	if r.cust != nil {
		return r.cust.Path
	}
	if r.aws != nil {
		return r.aws.Path
	}
	return "/"
}

// attached is the policy as an attachment records it.
func (r *policyRef) attached() store.AttachedPolicy {
	return store.AttachedPolicy{ARN: r.arn, Name: r.name(), Path: r.path()}
}

// resolve finds the policy (and a customer policy's tags) for the caller's account.
func (r *policyRef) resolve(ctx context.Context, tx store.Tx, account string) error {
	r.aws, r.cust, r.tags = nil, nil, nil
	if r.awsManaged() {
		if p, ok := managed.Lookup(r.arn); ok {
			r.aws = p
		}
		return nil
	}
	if r.account != account {
		return nil
	}
	p, err := tx.Policies().GetByARN(ctx, r.arn)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	r.cust = &p
	r.tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindPolicy, Key: p.ARN})
	return err
}

// findPolicy parses and resolves a policy ARN in a read transaction.
func (s *Policies) findPolicy(ctx context.Context, account, policyARN string) (*policyRef, error) {
	r, err := parsePolicyARN(policyARN)
	if err != nil {
		return nil, err
	}
	err = s.Store.View(ctx, func(tx store.Tx) error { return r.resolve(ctx, tx, account) })
	return r, err
}

// policyTagKeys are the condition keys of a policy's tags. The policy resource type has only
// the global aws:ResourceTag/… (Service Authorization Reference), not iam:ResourceTag/….
func policyTagKeys(tags []store.Tag) []authz.Key {
	keys := make([]authz.Key, len(tags))
	for i, t := range tags {
		keys[i] = authz.StringKey("aws:ResourceTag/"+t.Key, t.Value)
	}
	return keys
}

// policyUse says what an operation does with the managed policy it names.
type policyUse bool

const (
	reads   policyUse = false
	changes policyUse = true
)

// owner is the account a request on the policy is authorized in ("" for the caller's).
// Customer managed policies belong to their ARN's account: another account's can only be
// reached through a resource-based policy, which IAM policies cannot have, so the engine
// denies. AWS managed policies belong to AWS: every account may read them, and none may
// change them, which the engine answers for the "aws" account as for any other account's
// resource.
func (r *policyRef) owner(account string, use policyUse) string {
	if r.account != account && (use == changes || !r.awsManaged()) {
		return r.account
	}
	return ""
}

// policyAt is the resolver of an operation on the managed policy a request names by ARN: a
// malformed ARN is InvalidInput before authorization (as AWS answers it); the target is the
// policy's ARN in its owner's account with its tags as aws:ResourceTag/… (the policy resource
// type has no iam:ResourceTag). A policy the account cannot see — and, for a change, one that
// is not the account's own (AWS managed policies are denied by the engine; should a policy
// ever allow it, the answer is the one for a policy the account does not have) — is
// missing(in, arn) after authorization.
func policyAt[In any](arnOf func(*In) string, use policyUse, missing func(in *In, arn string) error) op.Resolver[*Policies, In, *policyRef] {
	return op.Resolver[*Policies, In, *policyRef]{Keys: []string{op.ResourceTag},
		Find: func(s *Policies, ctx context.Context, call *callctx.Call, in *In) (op.Target[*policyRef], error) {
			r, err := s.findPolicy(ctx, call.Caller.AccountID, arnOf(in))
			if err != nil {
				return op.Target[*policyRef]{}, err
			}
			t := op.Target[*policyRef]{ARN: r.arn, Account: r.owner(call.Caller.AccountID, use), Keys: policyTagKeys(r.tags), Entity: r}
			if !r.exists() || use == changes && r.cust == nil {
				t.Missing = missing(in, r.arn)
			}
			return t, nil
		}}
}

// changeCust runs change in a write transaction on the customer managed policy policyARN,
// re-read there: it may have gone since the request was authorized (notFound then).
func (s *Policies) changeCust(ctx context.Context, policyARN string, notFound func(string) error, change func(tx store.Tx, p store.ManagedPolicy) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		p, err := custInTx(ctx, tx, policyARN, notFound)
		if err != nil {
			return err
		}
		return change(tx, p)
	})
}

// custInTx re-reads a customer managed policy inside a write transaction.
func custInTx(ctx context.Context, tx store.Tx, policyARN string, notFound func(string) error) (store.ManagedPolicy, error) {
	p, err := tx.Policies().GetByARN(ctx, policyARN)
	if errors.Is(err, store.ErrNotFound) {
		return p, notFound(policyARN)
	}
	return p, err
}

// missingAs adapts a not-found message of the policy's ARN to policyAt's missing.
func missingAs[In any](m iamerr.Message) func(*In, string) error {
	return func(_ *In, arn string) error { return m.Err(arn) }
}

// errNoSuchPolicy adapts the not-found message to custInTx's.
func errNoSuchPolicy(arn string) error { return iamerr.NoSuchPolicy.Err(arn) }
