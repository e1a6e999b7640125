package sts

import (
	"context"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// getAccessKeyInfo returns the account that owns an access key. A long-term key this server
// knows answers from the store; temporary (ASIA…) keys carry their account in their ID
// (newSessionKeyID), so they answer by decoding it, on any node. For any other well-formed key
// AWS decodes the account from the key ID itself, whether or not the key exists; so do we, with
// AWS's layout (the 40 bits after the first bit of the ID's base32 body, shifted past the 7 low
// bits), so callers get the same answer for keys minted by AWS.
var getAccessKeyInfo = &op.Op[*Service, stswire.GetAccessKeyInfoInput, stswire.GetAccessKeyInfoOutput, op.None]{
	Name:    "GetAccessKeyInfo",
	Action:  "sts:GetAccessKeyInfo",
	Resolve: restrictedCheck[stswire.GetAccessKeyInfoInput]("GetAccessKeyInfo"),
	Handle: func(s *Service, ctx context.Context, r *op.Request[stswire.GetAccessKeyInfoInput, op.None]) (*stswire.GetAccessKeyInfoOutput, error) {
		var account string
		err := s.store.View(ctx, func(tx store.Tx) error {
			k, err := tx.AccessKeys().Get(ctx, r.In.AccessKeyId)
			if err != nil {
				return err
			}
			account = k.AccountID
			return nil
		})
		if errors.Is(err, store.ErrNotFound) {
			account, err = decodeAccount(r.In.AccessKeyId), nil
		}
		if err != nil {
			return nil, err
		}
		return &stswire.GetAccessKeyInfoOutput{Account: &account}, nil
	},
}

// decodeAccount extracts the account number AWS encodes in access key IDs issued since 2019:
// the body after the four-letter prefix is base32; its first six bytes, masked to bits 7–46,
// hold the account.
func decodeAccount(keyID string) string {
	if len(keyID) < 4+8 {
		return fmt.Sprintf("%012d", 0)
	}
	body := keyID[4:]
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(body[:len(body)/8*8])
	if err != nil || len(raw) < 6 {
		return fmt.Sprintf("%012d", 0)
	}
	var b [8]byte
	copy(b[2:], raw[:6])
	z := binary.BigEndian.Uint64(b[:])
	return fmt.Sprintf("%012d", (z&0x7fffffffff80)>>7)
}
