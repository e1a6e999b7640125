package roles

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Roles is the roles family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Roles struct {
	*core.Base
}

// Operations is the roles family's table: one row per operation (package op).
var Operations = op.Table{
	createRole, getRole, updateRole, updateRoleDescription, updateAssumeRolePolicy, deleteRole, listRoles,
	createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus,
	createInstanceProfile, getInstanceProfile, deleteInstanceProfile, listInstanceProfiles, listInstanceProfilesForRole,
	addRoleToInstanceProfile, removeRoleFromInstanceProfile,
	tagRole, untagRole, listRoleTags, tagInstanceProfile, untagInstanceProfile, listInstanceProfileTags,
}

// role is a role as the operations read it: the record, its tags, and its trust policy as
// IAM shows it (identity.EffectiveTrustPolicy).
type role struct {
	store.Role
	tags  []store.Tag
	trust string
}

// roles is the role as a kind of named entity. The condition keys describing an existing
// role in every request about it are its tags (aws:ResourceTag/…, iam:ResourceTag/…) and its
// permissions boundary (iam:PermissionsBoundary, which the Service Authorization Reference
// lists for most role actions); rolesNoBoundary leaves the boundary out, for the actions whose
// entry does not list it (DeleteServiceLinkedRole, ListInstanceProfilesForRole).
var (
	roles           = roleKind(core.WithBoundary)
	rolesNoBoundary = roleKind(core.WithoutBoundary)
)

func roleKind(b core.Boundary) *core.Named[*role] {
	keys := []string{op.ResourceTag, core.IAMResourceTag}
	if b {
		keys = append(keys, core.BoundaryKey)
	}
	return &core.Named[*role]{Keys: keys,
		Read: func(ctx context.Context, tx store.Tx, account, name string) (*role, string, []authz.Key, error) {
			got, err := tx.Roles().Get(ctx, account, name)
			if err != nil {
				return nil, "", nil, err
			}
			r, err := readRole(ctx, tx, got)
			if err != nil {
				return nil, "", nil, err
			}
			keys := core.ResourceTagKeys(r.tags)
			if b && r.BoundaryARN != "" {
				keys = append(keys, authz.StringKey(core.BoundaryKey, r.BoundaryARN))
			}
			return r, r.ARN, keys, nil
		},
		Missing: func(account, name string) (string, *awserr.Error) {
			return arn.Role(account, "/", name), core.NoSuchRole(name)
		},
	}
}

// roleNamed is the resolver of an operation on the role a request names.
func roleNamed[In any](name func(*In) string) op.Resolver[*Roles, In, *role] {
	return core.ByName[*Roles](roles, name)
}

// readRole completes a role record with its tags and effective trust policy.
func readRole(ctx context.Context, tx store.Tx, r store.Role) (*role, error) {
	tags, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindRole, Key: r.ID})
	if err != nil {
		return nil, err
	}
	trust, err := core.EffectiveTrust(ctx, tx, []store.Role{r})
	if err != nil {
		return nil, err
	}
	return &role{Role: r, tags: tags, trust: trust[r.ID]}, nil
}

// roleInTx re-reads a role inside a write transaction, where it may have gone (or been
// deleted and recreated) since it was authorized.
func roleInTx(ctx context.Context, tx store.Tx, r *role) (store.Role, error) {
	cur, err := tx.Roles().Get(ctx, r.AccountID, r.Name)
	if errors.Is(err, store.ErrNotFound) || err == nil && cur.ID != r.ID {
		return cur, core.NoSuchRole(r.Name)
	}
	return cur, err
}

// basicRole is the role shape CreateRole, CreateServiceLinkedRole and instance profiles
// return: AWS leaves out Description, MaxSessionDuration and RoleLastUsed there (recorded
// from AWS). The trust policy is URL-encoded, as IAM returns policy documents.
func basicRole(r *store.Role, trust string) iamwire.Role {
	doc := core.URLEncode(trust)
	return iamwire.Role{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: r.ARN, CreateDate: r.Created,
		AssumeRolePolicyDocument: &doc}
}

// listedRole is the shape of ListRoles: the basic shape with Description and
// MaxSessionDuration, without the boundary, tags and RoleLastUsed (recorded from AWS).
func listedRole(r *store.Role, trust string) iamwire.Role {
	out := basicRole(r, trust)
	if r.Description != "" {
		d := r.Description
		out.Description = &d
	}
	msd := int32(r.MaxSessionDuration)
	out.MaxSessionDuration = &msd
	return out
}

// fullRole is the shape of GetRole: everything, RoleLastUsed always present (empty when the
// role was never used).
func fullRole(r *role) iamwire.Role {
	out := listedRole(&r.Role, r.trust)
	out.PermissionsBoundary = boundary(r.BoundaryARN)
	out.Tags = core.WireTags(r.tags)
	last := &iamwire.RoleLastUsed{}
	if !r.LastUsed.When.IsZero() {
		when := r.LastUsed.When.UTC().Truncate(time.Second)
		last.LastUsedDate = &when
		if r.LastUsed.Region != "" {
			region := r.LastUsed.Region
			last.Region = &region
		}
	}
	out.RoleLastUsed = last
	return out
}

func boundary(arn string) *iamwire.AttachedPermissionsBoundary {
	if arn == "" {
		return nil
	}
	typ := iamwire.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy
	return &iamwire.AttachedPermissionsBoundary{PermissionsBoundaryType: &typ, PermissionsBoundaryArn: &arn}
}

// CreateRole creates a role with a trust policy, and optionally a description, a maximum
// session duration, a permissions boundary and tags. The trust policy is validated as a role
// trust policy, and the users and roles it names must exist; their unique IDs are recorded
// with it.
var createRole = &op.Op[*Roles, iamwire.CreateRoleInput, iamwire.CreateRoleOutput, op.None]{
	Name: "CreateRole", Action: "iam:CreateRole",
	Resolve: core.Created[*Roles]("role", func(in *iamwire.CreateRoleInput) *string { return in.Path },
		func(in *iamwire.CreateRoleInput) string { return in.RoleName }),
	Keys: []op.KeySource[iamwire.CreateRoleInput]{
		core.NewTags(func(in *iamwire.CreateRoleInput) []iamwire.Tag { return in.Tags }),
		core.NewBoundary(func(in *iamwire.CreateRoleInput) *string { return in.PermissionsBoundary }),
	},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.CreateRoleInput, op.None]) (*iamwire.CreateRoleOutput, error) {
		in := r.In
		if strings.HasPrefix(core.PathOr(in.Path), serviceRolePath) {
			return nil, iamerr.ReservedPath.Err(serviceRolePath)
		}
		if err := core.CheckNewTags(in.Tags, nil, quotaTagsPerRole); err != nil {
			return nil, err
		}
		doc, err := parseTrust(in.AssumeRolePolicyDocument)
		if err != nil {
			return nil, err
		}
		if err := checkPrincipalFormats(doc); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixRole)
		if err != nil {
			return nil, err
		}
		role := store.Role{AccountID: r.Account(), ID: id, Name: in.RoleName, Path: core.PathOr(in.Path), ARN: r.Target.ARN,
			TrustPolicy: in.AssumeRolePolicyDocument, Description: core.Optional(in.Description),
			MaxSessionDuration: DefaultMaxSessionDuration, BoundaryARN: core.Optional(in.PermissionsBoundary), Created: s.Timestamp()}
		if in.MaxSessionDuration != nil {
			role.MaxSessionDuration = int(*in.MaxSessionDuration)
		}
		tags := core.StoreTags(in.Tags)
		var trust string
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			trust, err = createRoleInTx(ctx, tx, role, doc, tags)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := basicRole(&role, trust)
		out.PermissionsBoundary = boundary(role.BoundaryARN)
		out.Tags = core.WireTags(tags)
		return &iamwire.CreateRoleOutput{Role: out}, nil
	}}

// createRoleInTx stores a new role with the principals its trust policy names and its tags,
// and returns its trust policy as IAM shows it.
func createRoleInTx(ctx context.Context, tx store.Tx, r store.Role, doc *policy.Document, tags []store.Tag) (string, error) {
	var principals []store.TrustPrincipal
	err := core.CreateUnique(iamerr.RoleExists.Err(r.Name),
		func() error { _, err := tx.Roles().Get(ctx, r.AccountID, r.Name); return err },
		core.CreateTagged(ctx, tx, store.Resource{Kind: store.KindRole, Key: r.ID}, tags,
			func() error { return tx.Roles().Create(ctx, r) }),
		core.BoundaryExists(ctx, tx, r.AccountID, r.BoundaryARN),
		roleQuota(ctx, tx, r.AccountID),
		func() (err error) { principals, err = resolvePrincipals(ctx, tx, doc); return err })
	if err != nil {
		return "", err
	}
	if err := tx.Roles().SetTrustPrincipals(ctx, r.ID, principals); err != nil {
		return "", err
	}
	byID, err := core.EffectiveTrust(ctx, tx, []store.Role{r})
	return byID[r.ID], err
}

// roleQuota is a check for core.CreateUnique: the account may have another role.
func roleQuota(ctx context.Context, tx store.Tx, account string) func() error {
	return core.Quota(ctx, tx, account, func(s store.AccountSummary) int { return s.Roles }, MaxRolesPerAccount, quotaRoles)
}

// GetRole returns a role with its trust policy (URL-encoded, with the principals it names as
// they are now), description, maximum session duration, permissions boundary, tags and
// RoleLastUsed.
var getRole = &op.Op[*Roles, iamwire.GetRoleInput, iamwire.GetRoleOutput, *role]{
	Name: "GetRole", Action: "iam:GetRole",
	Resolve: op.Resolver[*Roles, iamwire.GetRoleInput, *role]{Keys: roles.Keys,
		Find: func(s *Roles, ctx context.Context, call *callctx.Call, in *iamwire.GetRoleInput) (op.Target[*role], error) {
			// RoleLastUsed is buffered as sessions make requests; make what this process saw visible.
			if err := s.Usage.Flush(ctx); err != nil {
				return op.Target[*role]{}, err
			}
			return roles.Find(ctx, s.Store, call.Caller.AccountID, in.RoleName)
		}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetRoleInput, *role]) (*iamwire.GetRoleOutput, error) {
		return &iamwire.GetRoleOutput{Role: fullRole(r.Entity())}, nil
	}}

// UpdateRole changes a role's description and maximum session duration; a parameter left out
// keeps its value (recorded from AWS). A service-linked role's description may change, its
// maximum session duration may not.
var updateRole = updateRoleRow("UpdateRole",
	func(in *iamwire.UpdateRoleInput) (string, *string, *int32) {
		return in.RoleName, in.Description, in.MaxSessionDuration
	},
	func(*role) *iamwire.UpdateRoleOutput { return &iamwire.UpdateRoleOutput{} })

// UpdateRoleDescription changes a role's description and returns the role: its basic shape
// and its new description (recorded from AWS).
var updateRoleDescription = updateRoleRow("UpdateRoleDescription",
	func(in *iamwire.UpdateRoleDescriptionInput) (string, *string, *int32) {
		return in.RoleName, &in.Description, nil
	},
	func(r *role) *iamwire.UpdateRoleDescriptionOutput {
		out := basicRole(&r.Role, r.trust)
		if r.Description != "" {
			d := r.Description
			out.Description = &d
		}
		return &iamwire.UpdateRoleDescriptionOutput{Role: &out}
	})

// updateRoleRow writes the description and session duration args gives (nil keeps the
// current value) and answers out of the role as updated.
func updateRoleRow[In, Out any](name string, args func(*In) (string, *string, *int32), out func(*role) *Out) *op.Op[*Roles, In, Out, *role] {
	return &op.Op[*Roles, In, Out, *role]{Name: name, Action: "iam:" + name,
		Resolve: roleNamed(func(in *In) string { n, _, _ := args(in); return n }),
		Handle: func(s *Roles, ctx context.Context, r *op.Request[In, *role]) (*Out, error) {
			_, description, maxSession := args(r.In)
			updated := r.Entity()
			if updated.ServiceLinked && maxSession != nil {
				return nil, iamerr.SLRSessionDuration.Err(updated.Name)
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				cur, err := roleInTx(ctx, tx, updated)
				if err != nil {
					return err
				}
				if description != nil {
					cur.Description = *description
				}
				if maxSession != nil {
					cur.MaxSessionDuration = int(*maxSession)
				}
				if err := tx.Roles().Update(ctx, cur); err != nil {
					return err
				}
				updated, err = readRole(ctx, tx, cur)
				return err
			})
			if err != nil {
				return nil, err
			}
			return out(updated), nil
		}}
}

// UpdateAssumeRolePolicy replaces a role's trust policy, validated as CreateRole validates it,
// and records the unique IDs of the users and roles it names anew. A service-linked role's
// trust policy belongs to its service (UnmodifiableEntity).
var updateAssumeRolePolicy = &op.Op[*Roles, iamwire.UpdateAssumeRolePolicyInput, iamwire.UpdateAssumeRolePolicyOutput, *role]{
	Name: "UpdateAssumeRolePolicy", Action: "iam:UpdateAssumeRolePolicy",
	Resolve: roleNamed(func(in *iamwire.UpdateAssumeRolePolicyInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.UpdateAssumeRolePolicyInput, *role]) (*iamwire.UpdateAssumeRolePolicyOutput, error) {
		if err := core.CheckRoleModifiable(&r.Entity().Role); err != nil {
			return nil, err
		}
		doc, err := parseTrust(r.In.PolicyDocument)
		if err != nil {
			return nil, err
		}
		if err := checkPrincipalFormats(doc); err != nil {
			return nil, err
		}
		return core.Done[iamwire.UpdateAssumeRolePolicyOutput](core.UpdateCurrent(ctx, s.Store, r.Entity(), roleInTx,
			func(tx store.Tx, cur store.Role) error {
				principals, err := resolvePrincipals(ctx, tx, doc)
				if err != nil {
					return err
				}
				cur.TrustPolicy = r.In.PolicyDocument
				if err := tx.Roles().Update(ctx, cur); err != nil {
					return err
				}
				return tx.Roles().SetTrustPrincipals(ctx, cur.ID, principals)
			}))
	}}

// DeleteRole deletes a role that nothing depends on any more: IAM refuses (DeleteConflict)
// while it has attached or inline policies or is in an instance profile, with AWS's messages
// in AWS's order. A service-linked role is deleted only through DeleteServiceLinkedRole
// (UnmodifiableEntity).
var deleteRole = &op.Op[*Roles, iamwire.DeleteRoleInput, iamwire.DeleteRoleOutput, *role]{
	Name: "DeleteRole", Action: "iam:DeleteRole",
	Resolve: roleNamed(func(in *iamwire.DeleteRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteRoleInput, *role]) (*iamwire.DeleteRoleOutput, error) {
		if err := core.CheckRoleModifiable(&r.Entity().Role); err != nil {
			return nil, err
		}
		return core.DeleteFree[iamwire.DeleteRoleOutput](ctx, s.Store, r.Entity(), roleInTx,
			func(tx store.Tx, cur store.Role) ([]core.Dependent, error) {
				d, err := tx.Roles().Dependents(ctx, cur.ID)
				return []core.Dependent{{Count: d.AttachedPolicies, Must: "detach all policies"},
					{Count: d.InlinePolicies, Must: "delete policies"},
					{Count: d.InstanceProfiles, Must: "remove roles from instance profile"}}, err
			},
			func(tx store.Tx, cur store.Role) error { return tx.Roles().Delete(ctx, cur.ID) })
	}}

// ListRoles lists the account's roles whose path starts with PathPrefix, ordered by name
// without regard to case. As in AWS, the listing leaves out each role's boundary, tags and
// RoleLastUsed.
var listRoles = &op.Op[*Roles, iamwire.ListRolesInput, iamwire.ListRolesOutput, op.None]{
	Name: "ListRoles", Action: "iam:ListRoles",
	Resolve: core.PathScoped[*Roles]("role", func(in *iamwire.ListRolesInput) *string { return in.PathPrefix }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListRolesInput, op.None]) (*iamwire.ListRolesOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		var trust map[string]string
		l, err := core.ListPage(ctx, s.Store, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.Role, bool, error) {
			rs, more, err := tx.Roles().List(ctx, r.Account(), o)
			if err != nil {
				return nil, false, err
			}
			trust, err = core.EffectiveTrust(ctx, tx, rs)
			return rs, more, err
		}, func(r *store.Role) string { return r.Name })
		if err != nil {
			return nil, err
		}
		page := core.Convert(l, func(r *store.Role) iamwire.Role { return listedRole(r, trust[r.ID]) })
		return &iamwire.ListRolesOutput{Roles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}
