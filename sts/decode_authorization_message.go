package sts

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// DecodeAuthorizationMessage decodes an encoded authorization message Gatehouse attached to
// a denial (authz.DecideEncoded): the decision, the statements that matched and the request
// context, as AWS's JSON. It needs sts:DecodeAuthorizationMessage, and the message must have
// been issued to a principal of the caller's account: messages are sealed, so one that was
// altered, forged, or issued elsewhere is InvalidAuthorizationMessageException.
func (s *Service) DecodeAuthorizationMessage(ctx context.Context, in *stswire.DecodeAuthorizationMessageInput) (*stswire.DecodeAuthorizationMessageOutput, error) {
	call, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := restricted(call.Caller, "DecodeAuthorizationMessage"); err != nil {
		return nil, err
	}
	if err := s.authz.Authorize(ctx, call, authz.Request{Action: "sts:DecodeAuthorizationMessage", Resource: "*"}); err != nil {
		return nil, err
	}
	msg, err := s.authz.DecodeMessage(call.Caller.AccountID, in.EncodedMessage)
	if errors.Is(err, authz.ErrInvalidMessage) {
		return nil, errInvalidMessage()
	}
	if err != nil {
		return nil, err
	}
	return &stswire.DecodeAuthorizationMessageOutput{DecodedMessage: &msg}, nil
}
