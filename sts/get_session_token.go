package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// getSessionToken issues temporary credentials with the caller's own permissions, for an IAM
// user or the root user calling with long-term keys. It needs no permission ("You cannot use
// policies to control authentication operations", IAM User Guide, "Permissions for
// GetSessionToken"). With SerialNumber and TokenCode the session carries MFA:
// aws:MultiFactorAuthPresent is true and aws:MultiFactorAuthAge counts from this call, and
// only such sessions may call IAM.
var getSessionToken = &op.Op[*Service, stswire.GetSessionTokenInput, stswire.GetSessionTokenOutput, op.None]{
	Name:         "GetSessionToken",
	Action:       "sts:GetSessionToken",
	NoPermission: true,
	Resolve:      longTermOnly[stswire.GetSessionTokenInput]("GetSessionToken"),
	Handle: func(s *Service, ctx context.Context, r *op.Request[stswire.GetSessionTokenInput, op.None]) (*stswire.GetSessionTokenOutput, error) {
		c, in := r.Call.Caller, r.In
		claims := &sessiontoken.Claims{Kind: sessiontoken.UserSession, AccountID: c.AccountID, ARN: c.ARN,
			UniqueID: c.UniqueID, UserID: c.UserID, UserName: c.UserName}
		d := duration(in.DurationSeconds, DefaultUserDuration)
		if c.Kind == callctx.KindRoot {
			claims.Kind = sessiontoken.RootSession
			d = min(duration(in.DurationSeconds, MaxRootDuration), MaxRootDuration)
		}
		if in.TokenCode != nil {
			if err := s.verifyMFA(ctx, c, in.SerialNumber, *in.TokenCode); err != nil {
				return nil, err
			}
			claims.MFA, claims.MFATime = true, s.now().UTC()
		}
		creds, err := s.issue(claims, d)
		if err != nil {
			return nil, err
		}
		return &stswire.GetSessionTokenOutput{Credentials: creds}, nil
	},
}
