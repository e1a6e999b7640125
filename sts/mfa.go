package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/callctx"
)

// verifyMFA checks the one-time code a GetSessionToken or AssumeRole request presents with
// SerialNumber, through the authorizer (which consumes the code: it works once). The device
// must be the calling IAM user's own, or the root user's own for root; role sessions have no
// devices of their own, so any device enabled in the account will do. A code without a serial
// number names no device.
func (s *Service) verifyMFA(ctx context.Context, c *callctx.Caller, serial *string, code string) error {
	if serial == nil {
		return authn.MFAUnknownDevice()
	}
	holder := ""
	switch c.Kind {
	case callctx.KindUser:
		holder = c.UserID
	case callctx.KindRoot:
		holder = c.AccountID
	}
	return s.authn.VerifyMFA(ctx, c.AccountID, holder, *serial, code)
}
