package policies

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// attachQuotas are the managed policies a principal may have attached, by kind.
var attachQuotas = map[store.PrincipalKind]struct {
	name  string
	limit int
}{
	store.PrincipalUser:  {quotaPoliciesPerUser, MaxAttachedPerUser},
	store.PrincipalGroup: {quotaPoliciesPerGroup, MaxAttachedPerGroup},
	store.PrincipalRole:  {quotaPoliciesPerRole, MaxAttachedPerRole},
}

// policyARNKey is iam:PolicyARN, the managed policy an Attach…/Detach… request names.
const policyARNKey = "iam:PolicyARN"

// attachment is the row shape of Attach… and Detach…: the named principal (with its tags and,
// for users and roles, its boundary as condition keys) after a check that the policy ARN is
// one (InvalidInput, before authorization as AWS answers it), with iam:PolicyARN. A
// service-linked role is AWS's to change (UnmodifiableEntity). args returns the principal's
// name and the policy's ARN; change runs in the write transaction on the principal re-read.
func attachment[In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string),
	change func(ctx context.Context, tx store.Tx, account string, p *identity.Principal, policyARN string) error) *op.Op[*Policies, In, Out, *identity.Principal] {
	principal := func(in *In) string { n, _ := args(in); return n }
	policyARN := func(in *In) *string { _, a := args(in); return &a }
	return &op.Op[*Policies, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: core.Checked(func(in *In) error { _, err := parsePolicyARN(*policyARN(in)); return err },
			core.PrincipalNamed[*Policies](kind, principal, core.WithBoundary)),
		Keys: []op.KeySource[In]{op.StringKeyOf(policyARNKey, policyARN)},
		Handle: func(s *Policies, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			if r.Entity().ServiceLinked {
				return nil, core.ProtectedRole(r.Entity().Name)
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				p, err := core.PrincipalInTx(ctx, tx, r.Entity())
				if err != nil {
					return err
				}
				return change(ctx, tx, r.Account(), p, *policyARN(r.In))
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

// attachRow is Attach{User,Group,Role}Policy: the policy must be an AWS managed one or the
// account's own and attachable (NoSuchEntity), a service-role policy goes only to a
// service-linked role (PolicyNotAttachable), and a principal holds at most its quota of
// policies (LimitExceeded). Attaching a policy already attached succeeds. The principal's next
// request is decided with it.
func attachRow[In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string)) *op.Op[*Policies, In, Out, *identity.Principal] {
	return attachment[In, Out](kind, name, args, func(ctx context.Context, tx store.Tx, account string, p *identity.Principal, policyARN string) error {
		r, err := parsePolicyARN(policyARN)
		if err != nil {
			return err
		}
		if err := r.resolve(ctx, tx, account); err != nil {
			return err
		}
		switch {
		case r.cust != nil && !r.cust.IsAttachable, !r.exists():
			return iamerr.NoSuchPolicy.Err(policyARN)
		case r.aws != nil && r.aws.ServiceLinked() && !p.ServiceLinked:
			return iamerr.ServiceRolePolicy.Err()
		}
		attached, _, err := tx.Attachments().List(ctx, p.Ref(), store.ListOptions{Limit: store.MaxListLimit})
		if err != nil {
			return err
		}
		for _, a := range attached {
			if a.ARN == policyARN {
				return nil
			}
		}
		if q := attachQuotas[kind]; len(attached) >= q.limit {
			return core.QuotaExceeded(q.name, q.limit)
		}
		return tx.Attachments().Attach(ctx, p.Ref(), r.attached())
	})
}

// detachRow is Detach{User,Group,Role}Policy (NoSuchEntity when the policy is not attached).
func detachRow[In, Out any](kind store.PrincipalKind, name string, args func(*In) (string, string)) *op.Op[*Policies, In, Out, *identity.Principal] {
	return attachment[In, Out](kind, name, args, func(ctx context.Context, tx store.Tx, _ string, p *identity.Principal, policyARN string) error {
		err := tx.Attachments().Detach(ctx, p.Ref(), policyARN)
		if core.IsNotFound(err) {
			return iamerr.PolicyNotFound.Err(policyARN)
		}
		return err
	})
}

// AttachedList is the shape of every ListAttached…Policies answer.
type AttachedList = struct {
	AttachedPolicies []iamwire.AttachedPolicy
	IsTruncated      *bool
	Marker           *string
}

// listAttachedRow is ListAttached{User,Group,Role}Policies: the managed policies attached to
// a principal, by ARN, filtered by the policies' path; the marker is the last ARN. args
// returns the principal's name, PathPrefix, Marker and MaxItems.
func listAttachedRow[In any, Out ~AttachedList](kind store.PrincipalKind, name string, args func(*In) (string, *string, *string, *int32)) *op.Op[*Policies, In, Out, *identity.Principal] {
	return &op.Op[*Policies, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: core.PrincipalNamed[*Policies](kind, func(in *In) string { n, _, _, _ := args(in); return n }, core.WithoutBoundary),
		Handle: func(s *Policies, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, prefix, marker, maxItems := args(r.In)
			l, err := core.ListPage(ctx, s.Store, marker, maxItems, prefix,
				func(tx store.Tx, o store.ListOptions) ([]store.AttachedPolicy, bool, error) {
					return tx.Attachments().List(ctx, r.Entity().Ref(), o)
				}, func(a *store.AttachedPolicy) string { return a.ARN })
			if err != nil {
				return nil, err
			}
			out := Out(AttachedList{AttachedPolicies: wireAttached(l.Items), IsTruncated: l.IsTruncated, Marker: l.Marker})
			return &out, nil
		}}
}

var attachUserPolicy = attachRow[iamwire.AttachUserPolicyInput, iamwire.AttachUserPolicyOutput](store.PrincipalUser, "AttachUserPolicy",
	func(in *iamwire.AttachUserPolicyInput) (string, string) { return in.UserName, in.PolicyArn })

var attachGroupPolicy = attachRow[iamwire.AttachGroupPolicyInput, iamwire.AttachGroupPolicyOutput](store.PrincipalGroup, "AttachGroupPolicy",
	func(in *iamwire.AttachGroupPolicyInput) (string, string) { return in.GroupName, in.PolicyArn })

var attachRolePolicy = attachRow[iamwire.AttachRolePolicyInput, iamwire.AttachRolePolicyOutput](store.PrincipalRole, "AttachRolePolicy",
	func(in *iamwire.AttachRolePolicyInput) (string, string) { return in.RoleName, in.PolicyArn })

var detachUserPolicy = detachRow[iamwire.DetachUserPolicyInput, iamwire.DetachUserPolicyOutput](store.PrincipalUser, "DetachUserPolicy",
	func(in *iamwire.DetachUserPolicyInput) (string, string) { return in.UserName, in.PolicyArn })

var detachGroupPolicy = detachRow[iamwire.DetachGroupPolicyInput, iamwire.DetachGroupPolicyOutput](store.PrincipalGroup, "DetachGroupPolicy",
	func(in *iamwire.DetachGroupPolicyInput) (string, string) { return in.GroupName, in.PolicyArn })

var detachRolePolicy = detachRow[iamwire.DetachRolePolicyInput, iamwire.DetachRolePolicyOutput](store.PrincipalRole, "DetachRolePolicy",
	func(in *iamwire.DetachRolePolicyInput) (string, string) { return in.RoleName, in.PolicyArn })

var listAttachedUserPolicies = listAttachedRow[iamwire.ListAttachedUserPoliciesInput, iamwire.ListAttachedUserPoliciesOutput](store.PrincipalUser, "ListAttachedUserPolicies",
	func(in *iamwire.ListAttachedUserPoliciesInput) (string, *string, *string, *int32) {
		return in.UserName, in.PathPrefix, in.Marker, in.MaxItems
	})

var listAttachedGroupPolicies = listAttachedRow[iamwire.ListAttachedGroupPoliciesInput, iamwire.ListAttachedGroupPoliciesOutput](store.PrincipalGroup, "ListAttachedGroupPolicies",
	func(in *iamwire.ListAttachedGroupPoliciesInput) (string, *string, *string, *int32) {
		return in.GroupName, in.PathPrefix, in.Marker, in.MaxItems
	})

var listAttachedRolePolicies = listAttachedRow[iamwire.ListAttachedRolePoliciesInput, iamwire.ListAttachedRolePoliciesOutput](store.PrincipalRole, "ListAttachedRolePolicies",
	func(in *iamwire.ListAttachedRolePoliciesInput) (string, *string, *string, *int32) {
		return in.RoleName, in.PathPrefix, in.Marker, in.MaxItems
	})

// ListEntitiesForPolicy lists the groups, roles and users a managed policy is attached to or
// bounds, filtered by kind (EntityFilter: the policy kinds select nothing), by the entities'
// path and by PolicyUsageFilter. The listing runs by kind and name; the marker is the last
// entity's kind and name.
var listEntitiesForPolicy = &op.Op[*Policies, iamwire.ListEntitiesForPolicyInput, iamwire.ListEntitiesForPolicyOutput, *policyRef]{
	Name: "ListEntitiesForPolicy", Action: "iam:ListEntitiesForPolicy",
	Resolve: policyAt(func(in *iamwire.ListEntitiesForPolicyInput) string { return in.PolicyArn }, reads,
		missingAs[iamwire.ListEntitiesForPolicyInput](iamerr.NoSuchPolicy)),
	Handle: func(s *Policies, ctx context.Context, r *op.Request[iamwire.ListEntitiesForPolicyInput, *policyRef]) (*iamwire.ListEntitiesForPolicyOutput, error) {
		in, p := r.In, r.Entity()
		page, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		o := store.EntityListOptions{PathPrefix: core.Optional(in.PathPrefix), Limit: page.Limit}
		if in.PolicyUsageFilter != nil {
			o.Usage = store.PolicyUsageFilter(*in.PolicyUsageFilter)
		}
		if page.After != "" {
			kind, name, ok := strings.Cut(page.After, "/")
			if !ok {
				return nil, core.InvalidMarker()
			}
			o.After = &store.PolicyEntity{Kind: store.PrincipalKind(kind), Name: name}
		}
		out := &iamwire.ListEntitiesForPolicyOutput{PolicyGroups: []iamwire.PolicyGroup{}, PolicyRoles: []iamwire.PolicyRole{},
			PolicyUsers: []iamwire.PolicyUser{}}
		none := false
		if in.EntityFilter != nil {
			switch *in.EntityFilter {
			case iamwire.EntityTypeUser:
				o.Kind = store.PrincipalUser
			case iamwire.EntityTypeGroup:
				o.Kind = store.PrincipalGroup
			case iamwire.EntityTypeRole:
				o.Kind = store.PrincipalRole
			default:
				none = true
			}
		}
		var es []store.PolicyEntity
		var more bool
		if !none {
			err = s.Store.View(ctx, func(tx store.Tx) error {
				es, more, err = tx.Attachments().Entities(ctx, r.Account(), p.arn, o)
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		for _, e := range es {
			switch e.Kind {
			case store.PrincipalGroup:
				out.PolicyGroups = append(out.PolicyGroups, iamwire.PolicyGroup{GroupName: ptr(e.Name), GroupId: ptr(e.ID)})
			case store.PrincipalRole:
				out.PolicyRoles = append(out.PolicyRoles, iamwire.PolicyRole{RoleName: ptr(e.Name), RoleId: ptr(e.ID)})
			case store.PrincipalUser:
				out.PolicyUsers = append(out.PolicyUsers, iamwire.PolicyUser{UserName: ptr(e.Name), UserId: ptr(e.ID)})
			}
		}
		last := ""
		if len(es) > 0 {
			last = string(es[len(es)-1].Kind) + "/" + es[len(es)-1].Name
		}
		out.Marker, out.IsTruncated = core.NextMarker(more, last)
		return out, nil
	}}

// boundaryRow is Put{User,Role}PermissionsBoundary (set is true: the request's
// PermissionsBoundary is set or replaces the current one) and Delete…PermissionsBoundary.
// Setting is authorized with iam:PermissionsBoundary naming the new boundary, removing with it
// naming the current one, so that a policy can let a delegated administrator set only one
// boundary and deny removing it. The boundary must be a managed policy that exists
// (core.CheckBoundary) and not a service-role policy (PolicyNotAttachable); a service-linked
// role is AWS's to change. The boundary caps the principal's very next request. args returns
// the principal's name and the new boundary ("" to remove).
func boundaryRow[In, Out any](kind store.PrincipalKind, name string, set bool, args func(*In) (string, string)) *op.Op[*Policies, In, Out, *identity.Principal] {
	row := &op.Op[*Policies, In, Out, *identity.Principal]{Name: name, Action: "iam:" + name,
		Resolve: core.PrincipalNamed[*Policies](kind, func(in *In) string { n, _ := args(in); return n }, core.Boundary(!set)),
		Handle: func(s *Policies, ctx context.Context, r *op.Request[In, *identity.Principal]) (*Out, error) {
			_, boundaryARN := args(r.In)
			if err := s.setBoundary(ctx, r.Account(), r.Entity(), boundaryARN); err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
	if set {
		row.Keys = []op.KeySource[In]{core.NewBoundary(func(in *In) *string { _, b := args(in); return &b })}
	}
	return row
}

// setBoundary sets (boundaryARN != "") or removes the permissions boundary of p.
func (s *Policies) setBoundary(ctx context.Context, account string, p *identity.Principal, boundaryARN string) error {
	kind, name := p.Kind, p.Name
	if p.ServiceLinked {
		return core.ProtectedRole(p.Name)
	}
	if mp, ok := managed.Lookup(boundaryARN); ok && mp.ServiceLinked() {
		return iamerr.ServiceRolePolicy.Err()
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if boundaryARN != "" {
			if err := core.CheckBoundary(ctx, tx, account, boundaryARN); err != nil {
				return err
			}
		}
		switch kind {
		case store.PrincipalUser:
			u, err := tx.Users().Get(ctx, account, name)
			if core.IsNotFound(err) {
				return core.NoSuchUser(name)
			}
			if err != nil || u.BoundaryARN == boundaryARN {
				return err
			}
			u.BoundaryARN = boundaryARN
			return tx.Users().Update(ctx, u)
		default:
			r, err := tx.Roles().Get(ctx, account, name)
			if core.IsNotFound(err) {
				return core.NoSuchRole(name)
			}
			if err != nil || r.BoundaryARN == boundaryARN {
				return err
			}
			if r.ServiceLinked {
				return core.ProtectedRole(r.Name)
			}
			r.BoundaryARN = boundaryARN
			return tx.Roles().Update(ctx, r)
		}
	})
}

var putUserPermissionsBoundary = boundaryRow[iamwire.PutUserPermissionsBoundaryInput, iamwire.PutUserPermissionsBoundaryOutput](store.PrincipalUser, "PutUserPermissionsBoundary", true,
	func(in *iamwire.PutUserPermissionsBoundaryInput) (string, string) {
		return in.UserName, in.PermissionsBoundary
	})

var putRolePermissionsBoundary = boundaryRow[iamwire.PutRolePermissionsBoundaryInput, iamwire.PutRolePermissionsBoundaryOutput](store.PrincipalRole, "PutRolePermissionsBoundary", true,
	func(in *iamwire.PutRolePermissionsBoundaryInput) (string, string) {
		return in.RoleName, in.PermissionsBoundary
	})

var deleteUserPermissionsBoundary = boundaryRow[iamwire.DeleteUserPermissionsBoundaryInput, iamwire.DeleteUserPermissionsBoundaryOutput](store.PrincipalUser, "DeleteUserPermissionsBoundary", false,
	func(in *iamwire.DeleteUserPermissionsBoundaryInput) (string, string) { return in.UserName, "" })

var deleteRolePermissionsBoundary = boundaryRow[iamwire.DeleteRolePermissionsBoundaryInput, iamwire.DeleteRolePermissionsBoundaryOutput](store.PrincipalRole, "DeleteRolePermissionsBoundary", false,
	func(in *iamwire.DeleteRolePermissionsBoundaryInput) (string, string) { return in.RoleName, "" })
