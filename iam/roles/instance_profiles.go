package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// profileARN is the ARN of an instance profile: arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME.
func profileARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":instance-profile" + path + name
}

// profile is an instance profile as the operations read it: the record with its roles, its
// tags, and its roles' trust policies as IAM shows them, by role ID.
type profile struct {
	store.InstanceProfile
	tags  []store.Tag
	trust map[string]string
}

// profileResource is the resource a request about the profile named name is authorized
// against: its own ARN when it exists, else the path-less ARN its name would have.
func profileResource(account, name string, p *profile) string {
	if p != nil {
		return p.ARN
	}
	return profileARN(account, "/", name)
}

// profileKeys are the condition keys describing an existing profile: its tags.
func profileKeys(p *profile) []authz.Key {
	if p == nil {
		return nil
	}
	return core.ResourceTagKeys(p.tags)
}

// findProfile reads an instance profile with its roles and tags; nil when there is none.
func (s *Roles) findProfile(ctx context.Context, account, name string) (*profile, error) {
	var out *profile
	err := s.Store.View(ctx, func(tx store.Tx) error {
		p, err := tx.InstanceProfiles().Get(ctx, account, name)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		out, err = readProfile(ctx, tx, p)
		return err
	})
	return out, err
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
func profileInTx(ctx context.Context, tx store.Tx, account, name, id string) (store.InstanceProfile, error) {
	p, err := tx.InstanceProfiles().Get(ctx, account, name)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.ID != id {
		return p, noSuchInstanceProfile(name)
	}
	return p, err
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
