package policies

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreatePolicyVersion adds a version to a customer managed policy, at most MaxPolicyVersions
// in all (LimitExceeded), and makes it the default when SetAsDefault is true: the attached
// principals' next requests are decided by it. AWS managed policies cannot be changed.
var createPolicyVersion = &op.Op[*Policies, iamwire.CreatePolicyVersionInput, iamwire.CreatePolicyVersionOutput, *policyRef]{
	Name: "CreatePolicyVersion", Action: "iam:CreatePolicyVersion",
	Resolve: policyAt(func(in *iamwire.CreatePolicyVersionInput) string { return in.PolicyArn }, changes,
		missingAs[iamwire.CreatePolicyVersionInput](iamerr.NoSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.CreatePolicyVersionInput, *policyRef]) (*iamwire.CreatePolicyVersionOutput, error) {
		in := r.In
		if err := checkManagedDocument(in.PolicyDocument); err != nil {
			return nil, err
		}
		setDefault := in.SetAsDefault != nil && *in.SetAsDefault
		var v store.PolicyVersion
		err := s.changeCust(ctx, in.PolicyArn, errNoSuchPolicy, func(tx store.Tx, p store.ManagedPolicy) error {
			vs, err := tx.Policies().Versions(ctx, p.ID)
			if err != nil {
				return err
			}
			if len(vs) >= MaxPolicyVersions {
				return iamerr.TooManyPolicyVersions.Err(MaxPolicyVersions)
			}
			v, err = tx.Policies().CreateVersion(ctx, p.ID, in.PolicyDocument, s.Timestamp(), setDefault)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := wireVersion(v.VersionID, v.IsDefault, v.Created, nil)
		return &iamwire.CreatePolicyVersionOutput{PolicyVersion: &out}, nil
	}}

// GetPolicyVersion returns a version of a managed policy with its document URL-encoded; AWS
// managed policies' older versions come from the catalog's history.
var getPolicyVersion = &op.Op[*Policies, iamwire.GetPolicyVersionInput, iamwire.GetPolicyVersionOutput, *policyRef]{
	Name: "GetPolicyVersion", Action: "iam:GetPolicyVersion",
	Resolve: versionAt(func(in *iamwire.GetPolicyVersionInput) (string, string) { return in.PolicyArn, in.VersionId }, reads),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.GetPolicyVersionInput, *policyRef]) (*iamwire.GetPolicyVersionOutput, error) {
		in, p := r.In, r.Entity()
		notFound := noSuchVersion(in.VersionId)
		var out iamwire.PolicyVersion
		if p.aws != nil {
			doc, ok, err := p.aws.VersionDocument(in.VersionId)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, notFound(p.arn)
			}
			vs, err := p.aws.Versions()
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				if v.ID == in.VersionId {
					out = wireVersion(v.ID, v.IsDefault, v.CreateDate, &doc)
				}
			}
			return &iamwire.GetPolicyVersionOutput{PolicyVersion: &out}, nil
		}
		err := s.Store.View(ctx, func(tx store.Tx) error {
			v, err := tx.Policies().GetVersion(ctx, p.cust.ID, in.VersionId)
			if core.IsNotFound(err) {
				return notFound(p.arn)
			}
			if err != nil {
				return err
			}
			out = wireVersion(v.VersionID, v.IsDefault, v.Created, &v.Document)
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GetPolicyVersionOutput{PolicyVersion: &out}, nil
	}}

// SetDefaultPolicyVersion makes a version of a customer managed policy the one in force: a
// rollback applies to the attached principals' very next requests.
var setDefaultPolicyVersion = &op.Op[*Policies, iamwire.SetDefaultPolicyVersionInput, iamwire.SetDefaultPolicyVersionOutput, *policyRef]{
	Name: "SetDefaultPolicyVersion", Action: "iam:SetDefaultPolicyVersion",
	Resolve: versionAt(func(in *iamwire.SetDefaultPolicyVersionInput) (string, string) { return in.PolicyArn, in.VersionId }, changes),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.SetDefaultPolicyVersionInput, *policyRef]) (*iamwire.SetDefaultPolicyVersionOutput, error) {
		notFound := noSuchVersion(r.In.VersionId)
		return core.Done[iamwire.SetDefaultPolicyVersionOutput](s.changeCust(ctx, r.In.PolicyArn, notFound,
			func(tx store.Tx, p store.ManagedPolicy) error {
				err := tx.Policies().SetDefaultVersion(ctx, p.ID, r.In.VersionId, s.Timestamp())
				if core.IsNotFound(err) {
					return notFound(p.ARN)
				}
				return err
			}))
	}}

// DeletePolicyVersion deletes a version of a customer managed policy other than its default
// (DeleteConflict), making room under the five-version quota.
var deletePolicyVersion = &op.Op[*Policies, iamwire.DeletePolicyVersionInput, iamwire.DeletePolicyVersionOutput, *policyRef]{
	Name: "DeletePolicyVersion", Action: "iam:DeletePolicyVersion",
	Resolve: versionAt(func(in *iamwire.DeletePolicyVersionInput) (string, string) { return in.PolicyArn, in.VersionId }, changes),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.DeletePolicyVersionInput, *policyRef]) (*iamwire.DeletePolicyVersionOutput, error) {
		notFound := noSuchVersion(r.In.VersionId)
		return core.Done[iamwire.DeletePolicyVersionOutput](s.changeCust(ctx, r.In.PolicyArn, notFound,
			func(tx store.Tx, p store.ManagedPolicy) error {
				err := tx.Policies().DeleteVersion(ctx, p.ID, r.In.VersionId)
				switch {
				case errors.Is(err, store.ErrNotFound):
					return notFound(p.ARN)
				case errors.Is(err, store.ErrConflict):
					return iamerr.DeleteDefaultVersion.Err()
				}
				return err
			}))
	}}

// ListPolicyVersions lists a managed policy's versions, newest first, without documents. A
// customer policy has at most five and an AWS managed one a bounded history in the catalog,
// so the page is cut from the full list; the marker is the position of the next version.
var listPolicyVersions = &op.Op[*Policies, iamwire.ListPolicyVersionsInput, iamwire.ListPolicyVersionsOutput, *policyRef]{
	Name: "ListPolicyVersions", Action: "iam:ListPolicyVersions",
	Resolve: policyAt(func(in *iamwire.ListPolicyVersionsInput) string { return in.PolicyArn }, reads,
		missingAs[iamwire.ListPolicyVersionsInput](iamerr.NoSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListPolicyVersionsInput, *policyRef]) (*iamwire.ListPolicyVersionsOutput, error) {
		in, p := r.In, r.Entity()
		all := []iamwire.PolicyVersion{}
		if p.aws != nil {
			vs, err := p.aws.Versions()
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				all = append(all, wireVersion(v.ID, v.IsDefault, v.CreateDate, nil))
			}
		} else {
			err := s.Store.View(ctx, func(tx store.Tx) error {
				vs, err := tx.Policies().Versions(ctx, p.cust.ID)
				if core.IsNotFound(err) {
					return iamerr.NoSuchPolicy.Err(p.arn)
				}
				for _, v := range vs {
					all = append(all, wireVersion(v.VersionID, v.IsDefault, v.Created, nil))
				}
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		page, err := core.SlicePage(all, in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		return &iamwire.ListPolicyVersionsOutput{Versions: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// versionAt is the resolver of an operation on a version of a managed policy: policyAt on the
// request's PolicyArn, where a policy that is not there is answered as the version's
// NoSuchEntity. args returns the request's PolicyArn and VersionId.
func versionAt[In any](args func(*In) (string, string), use policyUse) op.Resolver[*Policies, In, *policyRef] {
	return policyAt(func(in *In) string { a, _ := args(in); return a }, use,
		func(in *In, arn string) error { _, v := args(in); return noSuchVersion(v)(arn) })
}

// noSuchVersion is the NoSuchEntity of the version of a policy, given the policy's ARN.
func noSuchVersion(version string) func(arn string) error {
	return func(arn string) error { return iamerr.NoSuchPolicyVersion.Err(arn, version) }
}
