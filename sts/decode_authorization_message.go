package sts

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// decodeAuthorizationMessage decodes an encoded authorization message Gatehouse attached to a
// denial (authz.DecideEncoded): the decision, the statements that matched and the request
// context, as AWS's JSON. It needs sts:DecodeAuthorizationMessage, and the message must have
// been issued to a principal of the caller's account: messages are sealed, so one that was
// altered, forged, or issued elsewhere is InvalidAuthorizationMessageException.
var decodeAuthorizationMessage = &op.Op[*Service, stswire.DecodeAuthorizationMessageInput, stswire.DecodeAuthorizationMessageOutput, op.None]{
	Name:    "DecodeAuthorizationMessage",
	Action:  "sts:DecodeAuthorizationMessage",
	Resolve: restrictedCheck[stswire.DecodeAuthorizationMessageInput]("DecodeAuthorizationMessage"),
	Handle: func(s *Service, _ context.Context, r *op.Request[stswire.DecodeAuthorizationMessageInput, op.None]) (*stswire.DecodeAuthorizationMessageOutput, error) {
		msg, err := s.authz.DecodeMessage(r.Account(), r.In.EncodedMessage)
		if errors.Is(err, authz.ErrInvalidMessage) {
			return nil, errInvalidMessage()
		}
		if err != nil {
			return nil, err
		}
		return &stswire.DecodeAuthorizationMessageOutput{DecodedMessage: &msg}, nil
	},
}
