package sqlstore

import (
	"context"
	"fmt"
)

// The clock drift of MFA devices (migration 0004). Like accepted time-steps, drift never
// changes an authorization decision, so writing it records no change in the feed.

func (s mfaDevices) Resync(ctx context.Context, serial string, drift, step int64) error {
	return s.t.execOne(ctx, fmt.Sprintf("MFA device %s", serial),
		`UPDATE mfa_devices SET drift = $2, last_time_step = $3 WHERE serial = $1`, serial, drift, step)
}

func (s mfaDevices) Drift(ctx context.Context, serial string) (int64, error) {
	var drift int64
	err := s.t.one(ctx, fmt.Sprintf("MFA device %s", serial), `SELECT drift FROM mfa_devices WHERE serial = $1`,
		[]any{serial}, &drift)
	return drift, err
}
