package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListServiceSpecificCredentials lists service-specific credentials, without their secrets,
// ordered by ID: a user's (without UserName, the calling user's), or with AllUsers the whole
// account's; ServiceName narrows either to one service.
func (s *Credentials) ListServiceSpecificCredentials(ctx context.Context, in *iamwire.ListServiceSpecificCredentialsInput) (*iamwire.ListServiceSpecificCredentialsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	all := in.AllUsers != nil && *in.AllUsers
	if all && in.UserName != nil {
		return nil, userNameWithAllUsers()
	}
	f := store.ServiceCredentialFilter{AllUsers: all, ServiceName: core.Optional(in.ServiceName)}
	if all {
		if err := s.Authorize(ctx, call, "iam:ListServiceSpecificCredentials", "arn:aws:iam::"+account+":user/*"); err != nil {
			return nil, err
		}
	} else {
		o, err := s.ownerOf(ctx, call, in.UserName, false)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(ctx, call, "iam:ListServiceSpecificCredentials", o); err != nil {
			return nil, err
		}
		f.UserID = o.user.ID
	}
	if _, ok := services[f.ServiceName]; f.ServiceName != "" && !ok {
		return nil, notSupportedService(f.ServiceName)
	}
	opts, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var creds []store.ServiceCredential
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		creds, more, err = tx.ServiceCredentials().List(ctx, account, f, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := &iamwire.ListServiceSpecificCredentialsOutput{
		ServiceSpecificCredentials: make([]iamwire.ServiceSpecificCredentialMetadata, len(creds))}
	for i, c := range creds {
		out.ServiceSpecificCredentials[i] = wireServiceCredentialMetadata(c, now)
	}
	last := ""
	if len(creds) > 0 {
		last = creds[len(creds)-1].ID
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
