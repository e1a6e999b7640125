package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListServiceSpecificCredentials lists service-specific credentials, without their secrets,
// ordered by ID: a user's (without UserName, the calling user's), or with AllUsers the whole
// account's; ServiceName narrows either to one service.
var listServiceSpecificCredentials = &op.Op[*Credentials, iamwire.ListServiceSpecificCredentialsInput, iamwire.ListServiceSpecificCredentialsOutput, core.Owner]{
	Name: "ListServiceSpecificCredentials", Action: "iam:ListServiceSpecificCredentials",
	Resolve: op.Resolver[*Credentials, iamwire.ListServiceSpecificCredentialsInput, core.Owner]{Keys: owners.Keys,
		Find: func(s *Credentials, ctx context.Context, call *callctx.Call, in *iamwire.ListServiceSpecificCredentialsInput) (op.Target[core.Owner], error) {
			if in.AllUsers == nil || !*in.AllUsers {
				return owners.Find(s, ctx, call, in)
			}
			if in.UserName != nil {
				return op.Target[core.Owner]{}, iamerr.UserNameWithAllUsers.Err()
			}
			return op.Target[core.Owner]{ARN: arn.IAM(call.Caller.AccountID, "user/*")}, nil
		}},
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ListServiceSpecificCredentialsInput, core.Owner]) (*iamwire.ListServiceSpecificCredentialsOutput, error) {
		in, all := r.In, r.In.AllUsers != nil && *r.In.AllUsers
		f := store.ServiceCredentialFilter{AllUsers: all, ServiceName: core.Optional(in.ServiceName)}
		if !all {
			f.UserID = r.Entity().ID()
		}
		if _, ok := services[f.ServiceName]; f.ServiceName != "" && !ok {
			return nil, iamerr.NotSupportedService.Err(f.ServiceName)
		}
		now := s.Now()
		page, err := core.List(ctx, s.Store, in.Marker, in.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.ServiceCredential, bool, error) {
				return tx.ServiceCredentials().List(ctx, r.Account(), f, o)
			},
			func(c *store.ServiceCredential) string { return c.ID },
			func(c *store.ServiceCredential) iamwire.ServiceSpecificCredentialMetadata {
				return wireServiceCredentialMetadata(*c, now)
			})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListServiceSpecificCredentialsOutput{ServiceSpecificCredentials: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Credentials) ListServiceSpecificCredentials(ctx context.Context, in *iamwire.ListServiceSpecificCredentialsInput) (*iamwire.ListServiceSpecificCredentialsOutput, error) {
	return listServiceSpecificCredentials.Run(ctx, s, in)
}

// owners is the resolver of ListServiceSpecificCredentials for one user's credentials.
var owners = core.OwnerOf[*Credentials](func(in *iamwire.ListServiceSpecificCredentialsInput) *string { return in.UserName }, core.SelfUser)
