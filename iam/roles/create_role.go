package roles

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateRole creates a role with a trust policy, and optionally a description, a maximum
// session duration, a permissions boundary and tags. The trust policy is validated as a role
// trust policy, and the users and roles it names must exist; their unique IDs are recorded
// with it.
func (s *Roles) CreateRole(ctx context.Context, in *iamwire.CreateRoleInput) (*iamwire.CreateRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	path := "/"
	if in.Path != nil {
		path = *in.Path
	}
	keys := core.RequestTagKeys(in.Tags)
	boundaryARN := core.Optional(in.PermissionsBoundary)
	if boundaryARN != "" {
		keys = append(keys, authz.StringKey("iam:PermissionsBoundary", boundaryARN))
	}
	if err := s.Authorize(ctx, call, "iam:CreateRole", roleARN(account, path, in.RoleName), keys...); err != nil {
		return nil, err
	}
	if strings.HasPrefix(path, serviceRolePath) {
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
	r := store.Role{AccountID: account, ID: id, Name: in.RoleName, Path: path, ARN: roleARN(account, path, in.RoleName),
		TrustPolicy: in.AssumeRolePolicyDocument, Description: core.Optional(in.Description),
		MaxSessionDuration: DefaultMaxSessionDuration, BoundaryARN: boundaryARN, Created: s.Timestamp()}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = int(*in.MaxSessionDuration)
	}
	tags := core.StoreTags(in.Tags)
	var trust string
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Roles().Get(ctx, account, in.RoleName); err == nil {
			return roleExists(in.RoleName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if boundaryARN != "" {
			if err := core.CheckBoundary(ctx, tx, account, boundaryARN); err != nil {
				return err
			}
		}
		if err := checkRoleQuota(ctx, tx, account); err != nil {
			return err
		}
		principals, err := resolvePrincipals(ctx, tx, doc)
		if err != nil {
			return err
		}
		if err := tx.Roles().Create(ctx, r); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return roleExists(in.RoleName)
			}
			return err
		}
		if err := tx.Roles().SetTrustPrincipals(ctx, r.ID, principals); err != nil {
			return err
		}
		if len(tags) > 0 {
			if err := tx.Tags().Put(ctx, store.Resource{Kind: store.KindRole, Key: r.ID}, tags); err != nil {
				return err
			}
		}
		byID, err := core.EffectiveTrust(ctx, tx, []store.Role{r})
		trust = byID[r.ID]
		return err
	})
	if err != nil {
		return nil, err
	}
	out := basicRole(&r, trust)
	out.PermissionsBoundary = boundary(r.BoundaryARN)
	out.Tags = core.WireTags(tags)
	return &iamwire.CreateRoleOutput{Role: out}, nil
}

// checkRoleQuota refuses a new role in an account that has as many as it may.
func checkRoleQuota(ctx context.Context, tx store.Tx, account string) error {
	sum, err := tx.Accounts().Summary(ctx, account)
	if err != nil {
		return err
	}
	if sum.Roles >= MaxRolesPerAccount {
		return core.QuotaExceeded(quotaRoles, MaxRolesPerAccount)
	}
	return nil
}
