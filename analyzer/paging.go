package analyzer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
)

// A page token names where the next page starts in a result list, and is bound to the
// request that made it (a digest of what decides the list), so a token given with another
// request is refused rather than silently misread.

// pageToken encodes offset for the request whose digest is scope.
func pageToken(scope []byte, offset int) *string {
	b := make([]byte, 0, 16)
	b = binary.BigEndian.AppendUint64(b, uint64(offset))
	h := sha256.Sum256(scope)
	b = append(b, h[:8]...)
	t := base64.RawURLEncoding.EncodeToString(b)
	return &t
}

// pageOffset decodes token for scope; a nil token starts at 0.
func pageOffset(scope []byte, token *string) (int, error) {
	if token == nil || *token == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*token)
	h := sha256.Sum256(scope)
	if err != nil || len(b) != 16 || string(b[8:]) != string(h[:8]) {
		return 0, errInvalidToken()
	}
	off := binary.BigEndian.Uint64(b[:8])
	if off > 1<<31 {
		return 0, errInvalidToken()
	}
	return int(off), nil
}

// page returns the slice of items that starts at the token's offset and holds at most max
// (no limit when max is nil or 0), with the token of the next page (nil on the last).
func page[T any](items []T, scope []byte, token *string, max *int32) ([]T, *string, error) {
	off, err := pageOffset(scope, token)
	if err != nil {
		return nil, nil, err
	}
	if off > len(items) {
		return nil, nil, errInvalidToken()
	}
	end := len(items)
	if max != nil && *max > 0 && off+int(*max) < end {
		end = off + int(*max)
	}
	var next *string
	if end < len(items) {
		next = pageToken(scope, end)
	}
	return items[off:end], next, nil
}
