package policies

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
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
		return nil, invalidARN(s)
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

// authorizePolicy asks whether the call may perform action on the policy. Customer managed
// policies belong to their ARN's account: another account's can only be reached through a
// resource-based policy, which IAM policies cannot have, so the engine denies. AWS managed
// policies belong to AWS: every account may read them (change is false), and none may change
// them, which the engine answers for the "aws" account as for any other account's resource.
func (s *Policies) authorizePolicy(ctx context.Context, call *callctx.Call, action string, r *policyRef, change bool, extra ...authz.Key) error {
	req := authz.Request{Action: action, Resource: r.arn, Keys: append(policyTagKeys(r.tags), extra...)}
	if r.account != call.Caller.AccountID && (change || !r.awsManaged()) {
		req.ResourceAccount = r.account
	}
	return s.Authz.Authorize(ctx, call, req)
}

// readablePolicy parses, resolves and authorizes a read of a policy (action on its ARN), then
// reports one that does not exist with notFound.
func (s *Policies) readablePolicy(ctx context.Context, call *callctx.Call, action, policyARN string, notFound func(string) error) (*policyRef, error) {
	r, err := s.findPolicy(ctx, call.Caller.AccountID, policyARN)
	if err != nil {
		return nil, err
	}
	if err := s.authorizePolicy(ctx, call, action, r, false); err != nil {
		return nil, err
	}
	if !r.exists() {
		return nil, notFound(policyARN)
	}
	return r, nil
}

// changeablePolicy is readablePolicy for a change of a customer managed policy: AWS managed
// policies are denied by authorizePolicy; should a policy ever allow it, the answer is the
// one for a policy the account does not have.
func (s *Policies) changeablePolicy(ctx context.Context, call *callctx.Call, action, policyARN string, notFound func(string) error, extra ...authz.Key) (*policyRef, error) {
	r, err := s.findPolicy(ctx, call.Caller.AccountID, policyARN)
	if err != nil {
		return nil, err
	}
	if err := s.authorizePolicy(ctx, call, action, r, true, extra...); err != nil {
		return nil, err
	}
	if r.cust == nil {
		return nil, notFound(policyARN)
	}
	return r, nil
}

// custInTx re-reads a customer managed policy inside a write transaction.
func custInTx(ctx context.Context, tx store.Tx, policyARN string, notFound func(string) error) (store.ManagedPolicy, error) {
	p, err := tx.Policies().GetByARN(ctx, policyARN)
	if errors.Is(err, store.ErrNotFound) {
		return p, notFound(policyARN)
	}
	return p, err
}

// errNoSuchPolicy and errPolicyNotFound adapt the two not-found messages to func(string) error.
func errNoSuchPolicy(arn string) error   { return noSuchPolicy(arn) }
func errPolicyNotFound(arn string) error { return policyNotFound(arn) }
