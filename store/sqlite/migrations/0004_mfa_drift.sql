-- Virtual MFA devices (issue 5). drift is a device's clock offset in TOTP time-steps, measured by
-- EnableMFADevice and ResyncMFADevice from the codes that proved it and allowed for by every
-- later code check. Serial numbers are unique without regard to case, as IAM compares the names
-- of its entities; serials are ASCII, so lower() folds them alike in every dialect.
ALTER TABLE mfa_devices ADD COLUMN drift BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX mfa_devices_serial_fold ON mfa_devices (lower(serial));
