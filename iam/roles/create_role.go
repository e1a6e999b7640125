package roles

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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
			return nil, reservedPath()
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

func (s *Roles) CreateRole(ctx context.Context, in *iamwire.CreateRoleInput) (*iamwire.CreateRoleOutput, error) {
	return createRole.Run(ctx, s, in)
}

// createRoleInTx stores a new role with the principals its trust policy names and its tags,
// and returns its trust policy as IAM shows it.
func createRoleInTx(ctx context.Context, tx store.Tx, r store.Role, doc *policy.Document, tags []store.Tag) (string, error) {
	var principals []store.TrustPrincipal
	err := core.CreateUnique(roleExists(r.Name),
		func() error { _, err := tx.Roles().Get(ctx, r.AccountID, r.Name); return err },
		func() error { return tx.Roles().Create(ctx, r) },
		core.BoundaryExists(ctx, tx, r.AccountID, r.BoundaryARN),
		roleQuota(ctx, tx, r.AccountID),
		func() (err error) { principals, err = resolvePrincipals(ctx, tx, doc); return err })
	if err != nil {
		return "", err
	}
	if err := tx.Roles().SetTrustPrincipals(ctx, r.ID, principals); err != nil {
		return "", err
	}
	if len(tags) > 0 {
		if err := tx.Tags().Put(ctx, store.Resource{Kind: store.KindRole, Key: r.ID}, tags); err != nil {
			return "", err
		}
	}
	byID, err := core.EffectiveTrust(ctx, tx, []store.Role{r})
	return byID[r.ID], err
}

// roleQuota is a check for core.CreateUnique: the account may have another role.
func roleQuota(ctx context.Context, tx store.Tx, account string) func() error {
	return core.Quota(ctx, tx, account, func(s store.AccountSummary) int { return s.Roles }, MaxRolesPerAccount, quotaRoles)
}
