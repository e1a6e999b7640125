package roles

import (
	"cmp"
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// profile is an instance profile as the operations read it: the record with its roles, its
// tags, and its roles' trust policies as IAM shows them, by role ID.
type profile struct {
	store.InstanceProfile
	tags  []store.Tag
	trust map[string]string
}

// profiles is the instance profile as a kind of named entity; its condition keys are its tags
// (aws:ResourceTag alone, as the Service Authorization Reference defines them).
var profiles = &core.Named[*profile]{
	Keys: []string{op.ResourceTag},
	Read: func(ctx context.Context, tx store.Tx, account, name string) (*profile, string, []authz.Key, error) {
		got, err := tx.InstanceProfiles().Get(ctx, account, name)
		if err != nil {
			return nil, "", nil, err
		}
		p, err := readProfile(ctx, tx, got)
		if err != nil {
			return nil, "", nil, err
		}
		return p, p.ARN, op.ResourceTagKeys(p.tags, core.GlobalTagPrefixes...), nil
	},
	Missing: func(account, name string) (string, *awserr.Error) {
		return arn.Entity(account, "instance-profile", "/", name), iamerr.NoSuchInstanceProfile.Err(name)
	},
}

// profileNamed is the resolver of an operation on the instance profile a request names.
func profileNamed[In any](name func(*In) string) op.Resolver[*Roles, In, *profile] {
	return core.ByName[*Roles](profiles, name)
}

func readProfile(ctx context.Context, tx store.Tx, p store.InstanceProfile) (*profile, error) {
	tags, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindInstanceProfile, Key: p.ID})
	if err != nil {
		return nil, err
	}
	trust, err := core.EffectiveTrust(ctx, tx, p.Roles)
	if err != nil {
		return nil, err
	}
	return &profile{InstanceProfile: p, tags: tags, trust: trust}, nil
}

// profilesTrust returns the trust policies, as IAM shows them, of the roles in profiles.
func profilesTrust(ctx context.Context, tx store.Tx, ps []store.InstanceProfile) (map[string]string, error) {
	var rs []store.Role
	for i := range ps {
		rs = append(rs, ps[i].Roles...)
	}
	return core.EffectiveTrust(ctx, tx, rs)
}

// profileInTx re-reads a profile inside a write transaction, where it may have gone (or been
// deleted and recreated) since it was authorized.
func profileInTx(ctx context.Context, tx store.Tx, p *profile) (store.InstanceProfile, error) {
	cur, err := tx.InstanceProfiles().Get(ctx, p.AccountID, p.Name)
	if errors.Is(err, store.ErrNotFound) || err == nil && cur.ID != p.ID {
		return cur, iamerr.NoSuchInstanceProfile.Err(p.Name)
	}
	return cur, err
}

// profilePage is a page of profiles read by read, in their listed shape.
func profilePage(ctx context.Context, s *Roles, marker *string, maxItems *int32, pathPrefix *string,
	read func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error)) (core.Listing[iamwire.InstanceProfile], error) {
	var trust map[string]string
	l, err := core.ListPage(ctx, s.Store, marker, maxItems, pathPrefix, func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
		ps, more, err := read(tx, o)
		if err != nil {
			return nil, false, err
		}
		trust, err = profilesTrust(ctx, tx, ps)
		return ps, more, err
	}, func(p *store.InstanceProfile) string { return p.Name })
	if err != nil {
		return core.Listing[iamwire.InstanceProfile]{}, err
	}
	return core.Convert(l, func(p *store.InstanceProfile) iamwire.InstanceProfile { return wireProfile(p, trust, nil, false) }), nil
}

// wireProfile is an instance profile as IAM returns it: its roles in their basic shape
// (recorded from AWS), and, when tags is true, its tags (an empty list when it has none, as
// GetInstanceProfile answers).
func wireProfile(p *store.InstanceProfile, trust map[string]string, tags []store.Tag, withTags bool) iamwire.InstanceProfile {
	out := iamwire.InstanceProfile{Path: p.Path, InstanceProfileName: p.Name, InstanceProfileId: p.ID, Arn: p.ARN,
		CreateDate: p.Created, Roles: make([]iamwire.Role, len(p.Roles))}
	for i := range p.Roles {
		out.Roles[i] = basicRole(&p.Roles[i], trust[p.Roles[i].ID])
	}
	if withTags {
		out.Tags = core.WireTags(tags)
		if out.Tags == nil {
			out.Tags = []iamwire.Tag{}
		}
	}
	return out
}

// CreateInstanceProfile creates an empty instance profile, optionally with tags.
var createInstanceProfile = &op.Op[*Roles, iamwire.CreateInstanceProfileInput, iamwire.CreateInstanceProfileOutput, op.None]{
	Name: "CreateInstanceProfile", Action: "iam:CreateInstanceProfile",
	Resolve: core.Created[*Roles]("instance-profile", func(in *iamwire.CreateInstanceProfileInput) *string { return in.Path },
		func(in *iamwire.CreateInstanceProfileInput) string { return in.InstanceProfileName }),
	Keys: []op.KeySource[iamwire.CreateInstanceProfileInput]{core.NewTags(func(in *iamwire.CreateInstanceProfileInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.CreateInstanceProfileInput, op.None]) (*iamwire.CreateInstanceProfileOutput, error) {
		in := r.In
		if err := core.CheckNewTags(in.Tags, nil, quotaTagsPerProfile); err != nil {
			return nil, err
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixInstanceProfile)
		if err != nil {
			return nil, err
		}
		p := store.InstanceProfile{AccountID: r.Account(), ID: id, Name: in.InstanceProfileName, Path: core.PathOr(in.Path),
			ARN: r.Target.ARN, Created: s.Timestamp()}
		tags := core.StoreTags(in.Tags)
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(iamerr.InstanceProfileExists.Err(p.Name),
				func() error { _, err := tx.InstanceProfiles().Get(ctx, p.AccountID, p.Name); return err },
				core.CreateTagged(ctx, tx, store.Resource{Kind: store.KindInstanceProfile, Key: p.ID}, tags,
					func() error { return tx.InstanceProfiles().Create(ctx, p) }),
				core.Quota(ctx, tx, p.AccountID, func(s store.AccountSummary) int { return s.InstanceProfiles },
					MaxInstanceProfilesPerAccount, quotaInstanceProfiles))
		})
		if err != nil {
			return nil, err
		}
		// AWS includes Tags only when the profile was created with some (recorded from AWS).
		return &iamwire.CreateInstanceProfileOutput{InstanceProfile: wireProfile(&p, nil, tags, len(tags) > 0)}, nil
	}}

// GetInstanceProfile returns an instance profile with its role and its tags.
var getInstanceProfile = &op.Op[*Roles, iamwire.GetInstanceProfileInput, iamwire.GetInstanceProfileOutput, *profile]{
	Name: "GetInstanceProfile", Action: "iam:GetInstanceProfile",
	Resolve: profileNamed(func(in *iamwire.GetInstanceProfileInput) string { return in.InstanceProfileName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetInstanceProfileInput, *profile]) (*iamwire.GetInstanceProfileOutput, error) {
		p := r.Entity()
		return &iamwire.GetInstanceProfileOutput{InstanceProfile: wireProfile(&p.InstanceProfile, p.trust, p.tags, true)}, nil
	}}

// DeleteInstanceProfile deletes an instance profile that holds no role (DeleteConflict while
// it does).
var deleteInstanceProfile = &op.Op[*Roles, iamwire.DeleteInstanceProfileInput, iamwire.DeleteInstanceProfileOutput, *profile]{
	Name: "DeleteInstanceProfile", Action: "iam:DeleteInstanceProfile",
	Resolve: profileNamed(func(in *iamwire.DeleteInstanceProfileInput) string { return in.InstanceProfileName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteInstanceProfileInput, *profile]) (*iamwire.DeleteInstanceProfileOutput, error) {
		return core.DeleteFree[iamwire.DeleteInstanceProfileOutput](ctx, s.Store, r.Entity(), profileInTx,
			func(tx store.Tx, cur store.InstanceProfile) ([]core.Dependent, error) {
				return []core.Dependent{{Count: len(cur.Roles), Must: "remove roles from instance profile"}}, nil
			},
			func(tx store.Tx, cur store.InstanceProfile) error { return tx.InstanceProfiles().Delete(ctx, cur.ID) })
	}}

// ListInstanceProfiles lists the account's instance profiles whose path starts with
// PathPrefix, ordered by name without regard to case, each with its role.
var listInstanceProfiles = &op.Op[*Roles, iamwire.ListInstanceProfilesInput, iamwire.ListInstanceProfilesOutput, op.None]{
	Name: "ListInstanceProfiles", Action: "iam:ListInstanceProfiles",
	Resolve: core.PathScoped[*Roles]("instance-profile", func(in *iamwire.ListInstanceProfilesInput) *string { return in.PathPrefix }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListInstanceProfilesInput, op.None]) (*iamwire.ListInstanceProfilesOutput, error) {
		prefix := core.PathOr(r.In.PathPrefix)
		page, err := profilePage(ctx, s, r.In.Marker, r.In.MaxItems, &prefix, func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
			return tx.InstanceProfiles().List(ctx, r.Account(), o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListInstanceProfilesOutput{InstanceProfiles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// ListInstanceProfilesForRole lists the instance profiles that hold a role, ordered by name
// without regard to case.
var listInstanceProfilesForRole = &op.Op[*Roles, iamwire.ListInstanceProfilesForRoleInput, iamwire.ListInstanceProfilesForRoleOutput, *role]{
	Name: "ListInstanceProfilesForRole", Action: "iam:ListInstanceProfilesForRole",
	Resolve: core.ByName[*Roles](rolesNoBoundary, func(in *iamwire.ListInstanceProfilesForRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.ListInstanceProfilesForRoleInput, *role]) (*iamwire.ListInstanceProfilesForRoleOutput, error) {
		page, err := profilePage(ctx, s, r.In.Marker, r.In.MaxItems, nil, func(tx store.Tx, o store.ListOptions) ([]store.InstanceProfile, bool, error) {
			return tx.InstanceProfiles().ForRole(ctx, r.Entity().ID, o)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListInstanceProfilesForRoleOutput{InstanceProfiles: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// AddRoleToInstanceProfile puts a role in an instance profile, which holds at most one
// (LimitExceeded). Besides iam:AddRoleToInstanceProfile on the profile, the caller needs
// iam:PassRole on the role ("The caller of this operation must be granted the PassRole
// permission on the IAM role by a permissions policy", AddRoleToInstanceProfile in the IAM API
// Reference): whoever can launch an instance with the profile acts as the role. Both are
// authorized before the request reveals whether either exists. Service-linked roles belong to
// their service and cannot be added (UnmodifiableEntity).
var addRoleToInstanceProfile = profileRoleRow[iamwire.AddRoleToInstanceProfileInput, iamwire.AddRoleToInstanceProfileOutput]("AddRoleToInstanceProfile",
	func(in *iamwire.AddRoleToInstanceProfileInput) (string, string) {
		return in.InstanceProfileName, in.RoleName
	}, true,
	func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error {
		if len(p.Roles) >= MaxRolesPerInstanceProfile {
			return core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile)
		}
		return core.Unique(tx.InstanceProfiles().AddRole(ctx, p.ID, r.ID), core.QuotaExceeded(quotaRolesInProfile, MaxRolesPerInstanceProfile))
	})

// profileRole is an instance profile and a role, as found for AddRoleToInstanceProfile and
// RemoveRoleFromInstanceProfile.
type profileRole struct {
	profile op.Target[*profile]
	role    op.Target[*role]
}

// profileRoleRow is AddRoleToInstanceProfile or RemoveRoleFromInstanceProfile: authorized on
// the profile and, with passRole, iam:PassRole on the role, both before the request reveals
// whether either exists; a service-linked role belongs to its service (UnmodifiableEntity).
// args returns the profile's and the role's names; change makes the change on both as they are
// in the write transaction.
func profileRoleRow[In, Out any](name string, args func(*In) (string, string), passRole bool,
	change func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error) *op.Op[*Roles, In, Out, profileRole] {
	o := &op.Op[*Roles, In, Out, profileRole]{Name: name, Action: "iam:" + name,
		Resolve: op.Resolver[*Roles, In, profileRole]{Keys: profiles.Keys,
			Find: func(s *Roles, ctx context.Context, call *callctx.Call, in *In) (op.Target[profileRole], error) {
				pn, rn := args(in)
				p, err := profiles.Find(ctx, s.Store, call.Caller.AccountID, pn)
				if err != nil {
					return op.Target[profileRole]{}, err
				}
				r, err := roles.Find(ctx, s.Store, call.Caller.AccountID, rn)
				return op.Target[profileRole]{ARN: p.ARN, Keys: p.Keys, Entity: profileRole{profile: p, role: r}}, err
			}},
		Handle: func(s *Roles, ctx context.Context, r *op.Request[In, profileRole]) (*Out, error) {
			pr := r.Entity()
			if passRole {
				t := pr.role
				if err := r.AuthorizeOther(ctx, authz.Request{Action: "iam:PassRole", Resource: t.ARN, Keys: t.Keys}); err != nil {
					return nil, err
				}
			}
			if err := cmp.Or(pr.profile.Missing, pr.role.Missing); err != nil {
				return nil, err
			}
			if err := core.CheckRoleModifiable(&pr.role.Entity.Role); err != nil {
				return nil, err
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				cur, err := profileInTx(ctx, tx, pr.profile.Entity)
				if err != nil {
					return err
				}
				role, err := roleInTx(ctx, tx, pr.role.Entity)
				if err != nil {
					return err
				}
				return change(ctx, tx, cur, role)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
	if passRole {
		o.Also = []string{"iam:PassRole"}
	}
	return o
}

// RemoveRoleFromInstanceProfile takes a role out of an instance profile. A service-linked
// role belongs to its service (UnmodifiableEntity).
var removeRoleFromInstanceProfile = profileRoleRow[iamwire.RemoveRoleFromInstanceProfileInput, iamwire.RemoveRoleFromInstanceProfileOutput]("RemoveRoleFromInstanceProfile",
	func(in *iamwire.RemoveRoleFromInstanceProfileInput) (string, string) {
		return in.InstanceProfileName, in.RoleName
	}, false,
	func(ctx context.Context, tx store.Tx, p store.InstanceProfile, r store.Role) error {
		if err := tx.InstanceProfiles().RemoveRole(ctx, p.ID, r.ID); errors.Is(err, store.ErrNotFound) {
			return iamerr.RoleNotInProfile.Err(r.Name, p.Name)
		} else if err != nil {
			return err
		}
		return nil
	})
