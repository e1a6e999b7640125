package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Operations is the analysis family's table: one row per operation (package op), run through
// op.Op.Run's one path (begin → resolve → authorize → not found → handle).
var Operations = op.Table{
	simulateCustomPolicy, simulatePrincipalPolicy, getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy,
	generateServiceLastAccessedDetails, getServiceLastAccessedDetails, getServiceLastAccessedDetailsWithEntities,
	enableOutboundWebIdentityFederation, disableOutboundWebIdentityFederation, getOutboundWebIdentityFederationInfo,
}

// accountRow is the row of an operation on the caller's account as a whole (its resource is
// "*"): answer is its work for the account.
func accountRow[In, Out any](name string, answer func(s *Analysis, ctx context.Context, account string, in *In) (*Out, error)) *op.Op[*Analysis, In, Out, op.None] {
	return &op.Op[*Analysis, In, Out, op.None]{Name: name, Action: "iam:" + name,
		Handle: func(s *Analysis, ctx context.Context, r *op.Request[In, op.None]) (*Out, error) {
			return answer(s, ctx, r.Account(), r.In)
		}}
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations. Not listed,
// and answering NotImplemented: the delegation-request operations, which depend on AWS's
// partner onboarding (policy templates registered by partners, tokens sent to partners
// through SNS) that Gatehouse does not have, and GetHumanReadableSummary, an LLM-written
// summary of a delegation request.
var Implemented = Operations.Names()

// entityAt is the resolver of an operation on the entity a request names by ARN, of one of
// kinds: an ARN that is not one is InvalidInput before authorization (parseEntityARN); read
// finds the entity in the caller's account (found false when there is none) and where says
// the resource and account it is authorized as; one not found is NoSuchEntity after
// authorization, so an unauthorized caller learns nothing.
func entityAt[In, E any](arnOf func(*In) string, kinds []entityKind,
	read func(ctx context.Context, tx store.Tx, account string, ref entityRef) (e E, found bool, err error),
	where func(account string, ref entityRef, e E, found bool) (resource, owner string)) op.Resolver[*Analysis, In, E] {
	return op.Resolver[*Analysis, In, E]{
		Find: func(s *Analysis, ctx context.Context, call *callctx.Call, in *In) (op.Target[E], error) {
			account := call.Caller.AccountID
			ref, aerr := parseEntityARN(arnOf(in), kinds...)
			if aerr != nil {
				return op.Target[E]{}, aerr
			}
			var t op.Target[E]
			var found bool
			err := s.Store.View(ctx, func(tx store.Tx) error {
				var err error
				t.Entity, found, err = read(ctx, tx, account, ref)
				return err
			})
			if err != nil {
				return op.Target[E]{}, err
			}
			t.ARN, t.Account = where(account, ref, t.Entity, found)
			if !found {
				t.Missing = noSuchTarget(ref)
			}
			return t, nil
		}}
}

// policySource is a user, group or role with its permissions policies and boundary, as the
// operations on its policies need it.
type policySource struct {
	ref      entityRef
	entity   *principalEntity
	policies entityPolicies
}

// policySourceAt is the resolver of the operations on the policies of the user, group or role
// a request names by ARN (PolicySourceArn): the target is the entity (resourceOf).
func policySourceAt[In any](arnOf func(*In) string) op.Resolver[*Analysis, In, policySource] {
	return entityAt(arnOf, []entityKind{kindUser, kindGroup, kindRole},
		func(ctx context.Context, tx store.Tx, account string, ref entityRef) (policySource, bool, error) {
			src := policySource{ref: ref}
			var err error
			if src.entity, err = findEntity(ctx, tx, account, ref); src.entity == nil || err != nil {
				return src, false, err
			}
			src.policies, err = loadPolicies(ctx, tx, src.entity)
			return src, true, err
		},
		func(account string, ref entityRef, src policySource, _ bool) (string, string) {
			return resourceOf(account, ref, src.entity)
		})
}
