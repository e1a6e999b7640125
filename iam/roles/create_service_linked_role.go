package roles

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// maxRoleNameLength is the model's limit on role names, which a CustomSuffix must leave
// room for.
const maxRoleNameLength = 64

// CreateServiceLinkedRole makes the role an AWS service uses on the account's behalf: named as
// the service documents (AWSServiceRoleFor…, with "_" and CustomSuffix for services that take
// one), at /aws-service-role/SERVICE/, trusting the service principal, with the service's
// managed policy attached. The caller needs iam:CreateServiceLinkedRole on that role with
// iam:AWSServiceName naming the service; the role is then protected (UnmodifiableEntity) from
// everything but its description, its tags and DeleteServiceLinkedRole.
func (s *Roles) CreateServiceLinkedRole(ctx context.Context, in *iamwire.CreateServiceLinkedRoleInput) (*iamwire.CreateServiceLinkedRoleOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	service := in.AWSServiceName
	l, known := linkedServices[service]
	name := l.roleName
	if !known {
		name = "AWSServiceRoleFor" + guessServiceName(service)
	}
	if in.CustomSuffix != nil {
		name += "_" + *in.CustomSuffix
	}
	path := serviceRoleARNPath(service)
	if err := s.Authorize(ctx, call, "iam:CreateServiceLinkedRole", roleARN(account, path, name),
		authz.StringKey("iam:AWSServiceName", service)); err != nil {
		return nil, err
	}
	switch {
	case !known:
		return nil, unknownService(service)
	case in.CustomSuffix != nil && !l.suffix:
		return nil, suffixNotAllowed(service)
	case len(name) > maxRoleNameLength:
		return nil, awserr.ValidationError("1 validation error detected: Value '%s' at 'roleName' failed to "+
			"satisfy constraint: Member must have length less than or equal to %d", name, maxRoleNameLength)
	}
	id, err := arn.NewUniqueID(s.Rand, arn.PrefixRole)
	if err != nil {
		return nil, err
	}
	r := store.Role{AccountID: account, ID: id, Name: name, Path: path, ARN: roleARN(account, path, name),
		TrustPolicy: serviceTrustPolicy(service), Description: core.Optional(in.Description),
		MaxSessionDuration: DefaultMaxSessionDuration, Created: s.Timestamp(), ServiceLinked: true, LinkedService: service}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Roles().Get(ctx, account, name); err == nil {
			return serviceRoleNameTaken(name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := checkRoleQuota(ctx, tx, account); err != nil {
			return err
		}
		if err := tx.Roles().Create(ctx, r); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return serviceRoleNameTaken(name)
			}
			return err
		}
		return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: r.ID},
			store.AttachedPolicy{ARN: l.policyARN(), Name: l.policy, Path: managed.ServiceLinkedRolePath})
	})
	if err != nil {
		return nil, err
	}
	out := basicRole(&r, r.TrustPolicy)
	return &iamwire.CreateServiceLinkedRoleOutput{Role: &out}, nil
}

// guessServiceName names the role of a service Gatehouse does not know, for the resource of
// the authorization that precedes the refusal: the service principal's first label,
// capitalized.
func guessServiceName(service string) string {
	first, _, _ := strings.Cut(service, ".")
	if first == "" {
		return service
	}
	return strings.ToUpper(first[:1]) + first[1:]
}
