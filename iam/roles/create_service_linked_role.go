package roles

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// maxRoleNameLength is the model's limit on role names, which a CustomSuffix must leave
// room for.
const maxRoleNameLength = 64

// linkedRole is the service-linked role a CreateServiceLinkedRole request would make: its
// service's entry (known false for a service Gatehouse does not know), name and path.
type linkedRole struct {
	linkedService
	known      bool
	name, path string
}

// CreateServiceLinkedRole makes the role an AWS service uses on the account's behalf: named as
// the service documents (AWSServiceRoleFor…, with "_" and CustomSuffix for services that take
// one), at /aws-service-role/SERVICE/, trusting the service principal, with the service's
// managed policy attached. The caller needs iam:CreateServiceLinkedRole on that role with
// iam:AWSServiceName naming the service; the role is then protected (UnmodifiableEntity) from
// everything but its description, its tags and DeleteServiceLinkedRole.
var createServiceLinkedRole = &op.Op[*Roles, iamwire.CreateServiceLinkedRoleInput, iamwire.CreateServiceLinkedRoleOutput, linkedRole]{
	Name: "CreateServiceLinkedRole", Action: "iam:CreateServiceLinkedRole",
	Resolve: op.Resolver[*Roles, iamwire.CreateServiceLinkedRoleInput, linkedRole]{
		Find: func(_ *Roles, _ context.Context, call *callctx.Call, in *iamwire.CreateServiceLinkedRoleInput) (op.Target[linkedRole], error) {
			service := in.AWSServiceName
			l, known := linkedServices[service]
			lr := linkedRole{linkedService: l, known: known, name: l.roleName, path: serviceRoleARNPath(service)}
			if !known {
				lr.name = "AWSServiceRoleFor" + guessServiceName(service)
			}
			if in.CustomSuffix != nil {
				lr.name += "_" + *in.CustomSuffix
			}
			return op.Target[linkedRole]{ARN: arn.Role(call.Caller.AccountID, lr.path, lr.name), Entity: lr}, nil
		}},
	Keys: []op.KeySource[iamwire.CreateServiceLinkedRoleInput]{{Keys: []string{"iam:AWSServiceName"},
		Of: func(in *iamwire.CreateServiceLinkedRoleInput) []authz.Key {
			return []authz.Key{authz.StringKey("iam:AWSServiceName", in.AWSServiceName)}
		}}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.CreateServiceLinkedRoleInput, linkedRole]) (*iamwire.CreateServiceLinkedRoleOutput, error) {
		in, l := r.In, r.Entity()
		switch {
		case !l.known:
			return nil, unknownService(in.AWSServiceName)
		case in.CustomSuffix != nil && !l.suffix:
			return nil, suffixNotAllowed(in.AWSServiceName)
		case len(l.name) > maxRoleNameLength:
			return nil, awserr.ValidationError("1 validation error detected: Value '%s' at 'roleName' failed to "+
				"satisfy constraint: Member must have length less than or equal to %d", l.name, maxRoleNameLength)
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixRole)
		if err != nil {
			return nil, err
		}
		role := store.Role{AccountID: r.Account(), ID: id, Name: l.name, Path: l.path, ARN: r.Target.ARN,
			TrustPolicy: serviceTrustPolicy(in.AWSServiceName), Description: core.Optional(in.Description),
			MaxSessionDuration: DefaultMaxSessionDuration, Created: s.Timestamp(), ServiceLinked: true, LinkedService: in.AWSServiceName}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(serviceRoleNameTaken(l.name),
				func() error { _, err := tx.Roles().Get(ctx, role.AccountID, role.Name); return err },
				func() error {
					if err := tx.Roles().Create(ctx, role); err != nil {
						return err
					}
					return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: role.ID},
						store.AttachedPolicy{ARN: l.policyARN(), Name: l.policy, Path: managed.ServiceLinkedRolePath})
				},
				roleQuota(ctx, tx, role.AccountID))
		})
		if err != nil {
			return nil, err
		}
		out := basicRole(&role, role.TrustPolicy)
		return &iamwire.CreateServiceLinkedRoleOutput{Role: &out}, nil
	}}

func (s *Roles) CreateServiceLinkedRole(ctx context.Context, in *iamwire.CreateServiceLinkedRoleInput) (*iamwire.CreateServiceLinkedRoleOutput, error) {
	return createServiceLinkedRole.Run(ctx, s, in)
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
