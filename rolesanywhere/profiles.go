package rolesanywhere

import (
	"context"
	"slices"

	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Profiles: the roles CreateSession may vend, with the session policies that bound them and the
// certificate attributes mapped to session tags.

// defaultDuration is a profile's durationSeconds when none is given (CreateProfile).
const defaultDuration = 3600

type profile struct {
	RoleARNs                  []string
	ManagedPolicyARNs         []string `json:",omitempty"`
	SessionPolicy             string   `json:",omitempty"`
	DurationSeconds           int32
	AcceptRoleSessionName     bool
	RequireInstanceProperties bool
	CreatedBy                 string
	Mappings                  []x509auth.Mapping
}

func (r *resource) profileDetail() *rolesanywherewire.ProfileDetail {
	p := r.Profile
	d := &rolesanywherewire.ProfileDetail{ProfileId: &r.ID, ProfileArn: &r.ARN, Name: &r.Name,
		RequireInstanceProperties: &p.RequireInstanceProperties, Enabled: &r.Enabled, CreatedBy: &p.CreatedBy,
		RoleArns: p.RoleARNs, ManagedPolicyArns: p.ManagedPolicyARNs, CreatedAt: &r.Created, UpdatedAt: &r.Updated,
		DurationSeconds: &p.DurationSeconds, AcceptRoleSessionName: &p.AcceptRoleSessionName}
	if p.SessionPolicy != "" {
		d.SessionPolicy = &p.SessionPolicy
	}
	if d.RoleArns == nil {
		d.RoleArns = []string{}
	}
	if d.ManagedPolicyArns == nil {
		d.ManagedPolicyArns = []string{}
	}
	for _, m := range p.Mappings {
		field := rolesanywherewire.CertificateField(m.Field)
		am := rolesanywherewire.AttributeMapping{CertificateField: &field, MappingRules: []rolesanywherewire.MappingRule{}}
		for _, spec := range m.Specifiers {
			am.MappingRules = append(am.MappingRules, rolesanywherewire.MappingRule{Specifier: spec})
		}
		d.AttributeMappings = append(d.AttributeMappings, am)
	}
	return d
}

// checkSessionPolicy validates a profile's session policy as STS will read it.
func checkSessionPolicy(doc *string) error {
	if doc == nil {
		return nil
	}
	if _, err := policy.Parse([]byte(*doc), policy.Session); err != nil {
		return errValidation("Invalid session policy: %v", err) // unconfirmed
	}
	return nil
}

var createProfile = &op.Op[*Service, rolesanywherewire.CreateProfileInput, rolesanywherewire.CreateProfileOutput, op.None]{
	Name:    "CreateProfile",
	Action:  "rolesanywhere:CreateProfile",
	Resolve: at[rolesanywherewire.CreateProfileInput](),
	Keys: []op.KeySource[rolesanywherewire.CreateProfileInput]{
		op.RequestTags(func(in *rolesanywherewire.CreateProfileInput) []rolesanywherewire.Tag { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.CreateProfileInput, op.None]) (*rolesanywherewire.CreateProfileOutput, error) {
		in := r.In
		if err := checkSessionPolicy(in.SessionPolicy); err != nil {
			return nil, err
		}
		p := &profile{RoleARNs: in.RoleArns, ManagedPolicyARNs: in.ManagedPolicyArns, DurationSeconds: defaultDuration,
			CreatedBy: r.Call.Caller.ARN, Mappings: slices.Clone(x509auth.DefaultMappings)}
		if in.SessionPolicy != nil {
			p.SessionPolicy = *in.SessionPolicy
		}
		if in.DurationSeconds != nil {
			p.DurationSeconds = *in.DurationSeconds
		}
		p.AcceptRoleSessionName = in.AcceptRoleSessionName != nil && *in.AcceptRoleSessionName
		p.RequireInstanceProperties = in.RequireInstanceProperties != nil && *in.RequireInstanceProperties
		pr, err := s.create(ctx, r.Call, store.RolesAnywhereProfile, in.Name, in.Tags, func(pr *resource) error {
			pr.Profile, pr.Enabled = p, in.Enabled != nil && *in.Enabled
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.CreateProfileOutput{Profile: pr.profileDetail()}, nil
	},
}

func profileID[In any](id func(*In) string) op.Resolver[*Service, In, *resource] {
	return byID(store.RolesAnywhereProfile, id)
}

var getProfile = resourceRow("GetProfile", store.RolesAnywhereProfile, func(in *rolesanywherewire.GetProfileInput) string { return in.ProfileId }, read,
	func(r *resource) *rolesanywherewire.GetProfileOutput {
		return &rolesanywherewire.GetProfileOutput{Profile: r.profileDetail()}
	})

var listProfiles = listRow("ListProfiles", store.RolesAnywhereProfile, func(in *rolesanywherewire.ListProfilesInput) (*string, *int32) { return in.NextToken, in.PageSize },
	func(items []*resource, next *string) *rolesanywherewire.ListProfilesOutput {
		out := &rolesanywherewire.ListProfilesOutput{NextToken: next, Profiles: []rolesanywherewire.ProfileDetail{}}
		for _, it := range items {
			out.Profiles = append(out.Profiles, *it.profileDetail())
		}
		return out
	})

var updateProfile = &op.Op[*Service, rolesanywherewire.UpdateProfileInput, rolesanywherewire.UpdateProfileOutput, *resource]{
	Name:    "UpdateProfile",
	Action:  "rolesanywhere:UpdateProfile",
	Resolve: profileID(func(in *rolesanywherewire.UpdateProfileInput) string { return in.ProfileId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.UpdateProfileInput, *resource]) (*rolesanywherewire.UpdateProfileOutput, error) {
		in := r.In
		if err := checkSessionPolicy(in.SessionPolicy); err != nil {
			return nil, err
		}
		pr, err := s.change(ctx, r.Account(), r.Entity(), func(pr *resource) error {
			p := pr.Profile
			if in.Name != nil {
				pr.Name = *in.Name
			}
			if in.SessionPolicy != nil {
				p.SessionPolicy = *in.SessionPolicy
			}
			if in.RoleArns != nil {
				p.RoleARNs = in.RoleArns
			}
			if in.ManagedPolicyArns != nil {
				p.ManagedPolicyARNs = in.ManagedPolicyArns
			}
			if in.DurationSeconds != nil {
				p.DurationSeconds = *in.DurationSeconds
			}
			if in.AcceptRoleSessionName != nil {
				p.AcceptRoleSessionName = *in.AcceptRoleSessionName
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.UpdateProfileOutput{Profile: pr.profileDetail()}, nil
	},
}

var deleteProfile = resourceRow("DeleteProfile", store.RolesAnywhereProfile, func(in *rolesanywherewire.DeleteProfileInput) string { return in.ProfileId }, remove,
	func(r *resource) *rolesanywherewire.DeleteProfileOutput {
		return &rolesanywherewire.DeleteProfileOutput{Profile: r.profileDetail()}
	})

var enableProfile = resourceRow("EnableProfile", store.RolesAnywhereProfile, func(in *rolesanywherewire.EnableProfileInput) string { return in.ProfileId }, enable,
	func(r *resource) *rolesanywherewire.EnableProfileOutput {
		return &rolesanywherewire.EnableProfileOutput{Profile: r.profileDetail()}
	})

var disableProfile = resourceRow("DisableProfile", store.RolesAnywhereProfile, func(in *rolesanywherewire.DisableProfileInput) string { return in.ProfileId }, disable,
	func(r *resource) *rolesanywherewire.DisableProfileOutput {
		return &rolesanywherewire.DisableProfileOutput{Profile: r.profileDetail()}
	})

var putAttributeMapping = &op.Op[*Service, rolesanywherewire.PutAttributeMappingInput, rolesanywherewire.PutAttributeMappingOutput, *resource]{
	Name:    "PutAttributeMapping",
	Action:  "rolesanywhere:PutAttributeMapping",
	Resolve: profileID(func(in *rolesanywherewire.PutAttributeMappingInput) string { return in.ProfileId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.PutAttributeMappingInput, *resource]) (*rolesanywherewire.PutAttributeMappingOutput, error) {
		specs := make([]string, len(r.In.MappingRules))
		for i, m := range r.In.MappingRules {
			specs[i] = m.Specifier
		}
		pr, err := s.change(ctx, r.Account(), r.Entity(), func(pr *resource) error {
			field := string(r.In.CertificateField)
			pr.Profile.Mappings = slices.DeleteFunc(pr.Profile.Mappings, func(m x509auth.Mapping) bool { return m.Field == field })
			pr.Profile.Mappings = append(pr.Profile.Mappings, x509auth.Mapping{Field: field, Specifiers: specs})
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.PutAttributeMappingOutput{Profile: *pr.profileDetail()}, nil
	},
}

// deleteAttributeMapping removes the specifiers given from the field's mapping, or the field's
// whole mapping when none are given.
var deleteAttributeMapping = &op.Op[*Service, rolesanywherewire.DeleteAttributeMappingInput, rolesanywherewire.DeleteAttributeMappingOutput, *resource]{
	Name:    "DeleteAttributeMapping",
	Action:  "rolesanywhere:DeleteAttributeMapping",
	Resolve: profileID(func(in *rolesanywherewire.DeleteAttributeMappingInput) string { return in.ProfileId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.DeleteAttributeMappingInput, *resource]) (*rolesanywherewire.DeleteAttributeMappingOutput, error) {
		field := string(r.In.CertificateField)
		pr, err := s.change(ctx, r.Account(), r.Entity(), func(pr *resource) error {
			ms := pr.Profile.Mappings[:0]
			for _, m := range pr.Profile.Mappings {
				if m.Field == field && len(r.In.Specifiers) > 0 {
					m.Specifiers = slices.DeleteFunc(m.Specifiers, func(s string) bool { return slices.Contains(r.In.Specifiers, s) })
				}
				if m.Field != field || len(m.Specifiers) > 0 && len(r.In.Specifiers) > 0 {
					ms = append(ms, m)
				}
			}
			pr.Profile.Mappings = ms
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.DeleteAttributeMappingOutput{Profile: *pr.profileDetail()}, nil
	},
}
