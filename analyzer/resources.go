package analyzer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Analyzed resources (GetAnalyzedResource, ListAnalyzedResources): the resources an external
// access analyzer analyzes, the account's IAM roles, with what their findings say; and
// service-linked analyzers (CreateServiceLinkedAnalyzer, DeleteServiceLinkedAnalyzer), which
// AWS services make for a customer: no AWS service calls Gatehouse, so creating one is refused
// to every caller as AWS refuses customers, and deleting one finds none.

func errNotExternal() error {
	return errInvalidInput("analyzerArn", "Analyzed resources are available for external access analyzers only.")
}

var getAnalyzedResource = &op.Op[*Service, analyzerwire.GetAnalyzedResourceInput, analyzerwire.GetAnalyzedResourceOutput, *analyzer]{
	Name:    "GetAnalyzedResource",
	Action:  "access-analyzer:GetAnalyzedResource",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetAnalyzedResourceInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetAnalyzedResourceInput, *analyzer]) (*analyzerwire.GetAnalyzedResourceOutput, error) {
		a := r.Entity()
		if !a.external() {
			return nil, errNotExternal()
		}
		var role store.Role
		var fs []*finding
		err := s.update(ctx, func(tx store.Tx) (err error) {
			if role, err = roleOfARN(ctx, tx, r.Call, a, r.In.ResourceArn); err != nil {
				return err
			}
			if err := s.sync(ctx, tx, r.Call, a); err != nil {
				return err
			}
			if err := saveAnalyzer(ctx, tx, r.Account(), a, s.now()); err != nil {
				return err
			}
			fs, err = loadFindings(ctx, tx, r.Account(), a.Name)
			return err
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.GetAnalyzedResourceOutput{Resource: analyzedRole(role, fs, s.now())}, nil
	},
}

// roleOfARN reads the role resourceARN names, of an account of the analyzer's zone of trust
// (the caller's account, or its organization's); any other ARN is ResourceNotFoundException.
func roleOfARN(ctx context.Context, tx store.Tx, call *callctx.Call, a *analyzer, resourceARN string) (store.Role, error) {
	z, err := zoneOf(ctx, tx, call.Account(), a.Type)
	if err != nil {
		return store.Role{}, err
	}
	account := principalAccount(resourceARN)
	prefix := "arn:" + partition(call) + ":iam::" + account + ":role/"
	if z.trusts(account) && len(resourceARN) > len(prefix) && resourceARN[:len(prefix)] == prefix {
		name := resourceARN[len(prefix):]
		name = name[strings.LastIndexByte(name, '/')+1:]
		r, err := tx.Roles().Get(ctx, account, name)
		if err == nil && r.ARN == resourceARN {
			return r, nil
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return r, err
		}
	}
	return store.Role{}, analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{
		ResourceId: resourceARN, ResourceType: "Resource"}, "Resource not found")
}

// analyzedRole is a role as GetAnalyzedResource shows it: the actions its ACTIVE findings
// grant, public if one of them is, the status of its findings (ACTIVE before ARCHIVED).
func analyzedRole(role store.Role, fs []*finding, now time.Time) *analyzerwire.AnalyzedResource {
	out := &analyzerwire.AnalyzedResource{ResourceArn: role.ARN, ResourceType: typeRole, CreatedAt: role.Created, AnalyzedAt: now,
		UpdatedAt: role.Created, Actions: []string{}, SharedVia: []string{}, ResourceOwnerAccount: role.AccountID}
	for _, f := range fs {
		if f.Resource != role.ARN || f.Status == statusResolved {
			continue
		}
		if f.UpdatedAt.After(out.UpdatedAt) {
			out.UpdatedAt = f.UpdatedAt
		}
		st := analyzerwire.FindingStatus(f.Status)
		if out.Status == nil || st == analyzerwire.FindingStatusActive {
			out.Status = &st
		}
		if f.Status != statusActive {
			continue
		}
		out.IsPublic = out.IsPublic || f.IsPublic
		for _, act := range f.Action {
			if !slices.Contains(out.Actions, act) {
				out.Actions = append(out.Actions, act)
			}
		}
	}
	slices.Sort(out.Actions)
	return out
}

var listAnalyzedResources = &op.Op[*Service, analyzerwire.ListAnalyzedResourcesInput, analyzerwire.ListAnalyzedResourcesOutput, *analyzer]{
	Name:    "ListAnalyzedResources",
	Action:  "access-analyzer:ListAnalyzedResources",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListAnalyzedResourcesInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListAnalyzedResourcesInput, *analyzer]) (*analyzerwire.ListAnalyzedResourcesOutput, error) {
		if !r.Entity().external() {
			return nil, errNotExternal()
		}
		out := []analyzerwire.AnalyzedResourceSummary{}
		if r.In.ResourceType == nil || *r.In.ResourceType == typeRole {
			err := s.store.View(ctx, func(tx store.Tx) error {
				z, err := zoneOf(ctx, tx, r.Account(), r.Entity().Type)
				if err != nil {
					return err
				}
				for _, account := range z.accounts {
					err := eachPage(func(after string) ([]store.Role, bool, error) {
						return tx.Roles().List(ctx, account, store.ListOptions{After: after})
					}, func(role store.Role) string { return role.Name }, func(role store.Role) error {
						out = append(out, analyzerwire.AnalyzedResourceSummary{ResourceArn: role.ARN, ResourceOwnerAccount: role.AccountID,
							ResourceType: typeRole})
						return nil
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		scope := []byte("analyzed\x00" + r.Entity().ARN + "\x00" + string(deref(r.In.ResourceType)))
		out, next, err := page(out, scope, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListAnalyzedResourcesOutput{AnalyzedResources: nonNil(out), NextToken: next}, nil
	},
}

// createServiceLinkedAnalyzer: "This operation can only be invoked by authorized Amazon Web
// Services services. Direct customer invocation returns AccessDeniedException" (Access
// Analyzer API Reference). Every Gatehouse caller is a customer's principal.
var createServiceLinkedAnalyzer = &op.Op[*Service, analyzerwire.CreateServiceLinkedAnalyzerInput, analyzerwire.CreateServiceLinkedAnalyzerOutput, op.None]{
	Name:   "CreateServiceLinkedAnalyzer",
	Action: "access-analyzer:CreateServiceLinkedAnalyzer",
	Resolve: op.At[*Service](func(call *callctx.Call, _ *analyzerwire.CreateServiceLinkedAnalyzerInput) string {
		return analyzerARN(call, "_AccessAnalyzerFor*")
	}),
	Handle: func(*Service, context.Context, *op.Request[analyzerwire.CreateServiceLinkedAnalyzerInput, op.None]) (*analyzerwire.CreateServiceLinkedAnalyzerOutput, error) {
		return nil, analyzerwire.ErrAccessDeniedException("Service-linked analyzers can only be created by AWS services.")
	},
}

var deleteServiceLinkedAnalyzer = &op.Op[*Service, analyzerwire.DeleteServiceLinkedAnalyzerInput, analyzerwire.DeleteServiceLinkedAnalyzerOutput, *analyzer]{
	Name:    "DeleteServiceLinkedAnalyzer",
	Action:  "access-analyzer:DeleteServiceLinkedAnalyzer",
	Resolve: findAnalyzer(func(in *analyzerwire.DeleteServiceLinkedAnalyzerInput) string { return in.AnalyzerName }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.DeleteServiceLinkedAnalyzerInput, *analyzer]) (*analyzerwire.DeleteServiceLinkedAnalyzerOutput, error) {
		if r.Entity().ManagedBy == "" {
			return nil, errInvalidInput("analyzerName", "The analyzer "+r.In.AnalyzerName+" is not a service-linked analyzer; delete it with DeleteAnalyzer.")
		}
		if err := s.removeAnalyzer(ctx, r.Account(), r.In.AnalyzerName); err != nil {
			return nil, err
		}
		return &analyzerwire.DeleteServiceLinkedAnalyzerOutput{}, nil
	},
}
