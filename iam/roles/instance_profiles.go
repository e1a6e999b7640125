package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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
		return arn.Entity(account, "instance-profile", "/", name), noSuchInstanceProfile(name)
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
		return cur, noSuchInstanceProfile(p.Name)
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
