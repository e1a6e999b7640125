package store

import (
	"context"
	"time"
)

// LoginProfile is a user's console password.
type LoginProfile struct {
	UserID                string
	PasswordHash          []byte // opaque: the service hashes
	Created               time.Time
	PasswordResetRequired bool
	// PasswordChanged is when the password was last set; with the password policy's
	// MaxPasswordAge it gives the expiry.
	PasswordChanged time.Time
}

// PasswordHistoryEntry is a former password, kept for PasswordReusePrevention.
type PasswordHistoryEntry struct {
	PasswordHash []byte
	Set          time.Time
}

// LoginProfiles stores login profiles and password history.
type LoginProfiles interface {
	// Create fails with ErrAlreadyExists when the user has one and ErrNotFound when the
	// user does not exist.
	Create(ctx context.Context, p LoginProfile) error
	Get(ctx context.Context, userID string) (LoginProfile, error)
	// Update rewrites PasswordHash, PasswordResetRequired and PasswordChanged.
	Update(ctx context.Context, p LoginProfile) error
	Delete(ctx context.Context, userID string) error

	AddPasswordHistory(ctx context.Context, userID string, e PasswordHistoryEntry) error
	// PasswordHistory returns up to limit former passwords, newest first.
	PasswordHistory(ctx context.Context, userID string, limit int) ([]PasswordHistoryEntry, error)
	// TrimPasswordHistory keeps only the newest keep entries.
	TrimPasswordHistory(ctx context.Context, userID string, keep int) error
}

// MFA device kinds.
const (
	MFAVirtual  = "virtual"  // CreateVirtualMFADevice; serial is an ARN
	MFAHardware = "hardware" // a hardware TOTP token or FIDO key; serial as the vendor prints it
	// MFAPasskey is a passkey or security key registered through WebAuthn in the console: the
	// sealed seed holds its credential, the last time-step its signature counter.
	MFAPasskey = "passkey"
)

// MFADevice is an MFA device of an account, assigned to at most one user (or to root).
type MFADevice struct {
	SerialNumber string
	AccountID    string
	Kind         string
	Name         string // virtual devices: the name in the serial ARN
	Path         string
	SealedSeed   []byte // TOTP seed sealed by the service
	// UserID is the user the device is enabled for, "" when unassigned. RootUser marks a
	// device enabled for the account's root user.
	UserID     string
	RootUser   bool
	EnableDate time.Time
	// LastTimeStep is the TOTP time-step of the last accepted code, so no code is accepted
	// twice (RFC 6238 §5.2).
	LastTimeStep int64
	// UserName is filled on reads from the assigned user; it is not written.
	UserName string
}

// MFAAssignment filters ListVirtualMFADevices.
type MFAAssignment string

const (
	MFAAny        MFAAssignment = ""
	MFAAssigned   MFAAssignment = "Assigned"
	MFAUnassigned MFAAssignment = "Unassigned"
)

// MFADevices stores MFA devices.
type MFADevices interface {
	// Create fails with ErrAlreadyExists for a serial number in use.
	Create(ctx context.Context, d MFADevice) error
	Get(ctx context.Context, serial string) (MFADevice, error)
	// Assign enables the device for a user (userID "" and root true for the root user) and
	// records the time-step of the codes that proved possession.
	Assign(ctx context.Context, serial, userID string, root bool, enabled time.Time, timeStep int64) error
	// Unassign detaches the device from its user (DeactivateMFADevice).
	Unassign(ctx context.Context, serial string) error
	// AcceptTimeStep records that a code of timeStep was accepted. It fails with ErrConflict
	// when timeStep is not after the last accepted one. Run it in the Update that accepts
	// the code, so two requests racing with one code cannot both succeed.
	AcceptTimeStep(ctx context.Context, serial string, timeStep int64) error
	Delete(ctx context.Context, serial string) error
	// ForUser lists the devices enabled for a user (userID "" for root), by serial.
	ForUser(ctx context.Context, accountID, userID string, o ListOptions) ([]MFADevice, bool, error)
	// ListVirtual lists an account's virtual devices by serial.
	ListVirtual(ctx context.Context, accountID string, a MFAAssignment, o ListOptions) ([]MFADevice, bool, error)
	// Resync records a device's clock drift in TOTP time-steps (its step minus the server's)
	// and the time-step of the codes that measured it, replacing the last accepted one
	// (EnableMFADevice, ResyncMFADevice). Neither is a change in the feed.
	Resync(ctx context.Context, serial string, drift, timeStep int64) error
	// Drift is the device's recorded clock drift in time-steps, 0 until Resync.
	Drift(ctx context.Context, serial string) (int64, error)
}

// SSHPublicKey is a user's SSH public key for CodeCommit.
type SSHPublicKey struct {
	ID          string // APKA…
	UserID      string
	Body        string
	Fingerprint string
	Status      string
	Uploaded    time.Time
	UserName    string // filled on reads
}

// SSHPublicKeys stores SSH public keys. A fingerprint is unique per user
// (DuplicateSSHPublicKey): a duplicate is ErrAlreadyExists.
type SSHPublicKeys interface {
	Create(ctx context.Context, k SSHPublicKey) error
	Get(ctx context.Context, userID, id string) (SSHPublicKey, error)
	ForUser(ctx context.Context, userID string, o ListOptions) ([]SSHPublicKey, bool, error)
	UpdateStatus(ctx context.Context, userID, id, status string) error
	Delete(ctx context.Context, userID, id string) error
}

// SigningCertificate is an X.509 signing certificate of a user or of root.
type SigningCertificate struct {
	ID        string
	AccountID string
	UserID    string // "" for root
	Body      string
	Status    string
	Uploaded  time.Time
	UserName  string // filled on reads
}

// SigningCertificates stores signing certificates; an ID is unique per account
// (DuplicateCertificate).
type SigningCertificates interface {
	Create(ctx context.Context, c SigningCertificate) error
	Get(ctx context.Context, accountID, id string) (SigningCertificate, error)
	ForUser(ctx context.Context, accountID, userID string, o ListOptions) ([]SigningCertificate, bool, error)
	UpdateStatus(ctx context.Context, accountID, id, status string) error
	Delete(ctx context.Context, accountID, id string) error
}

// ServiceCredential is a service-specific credential (CodeCommit Git credentials,
// Amazon Keyspaces, Bedrock API keys).
type ServiceCredential struct {
	ID              string // ACCA…
	AccountID       string
	UserID          string
	ServiceName     string
	ServiceUserName string
	// Alias and the sealed secret serve credentials of the newer "ServiceCredentialSecret"
	// form; SealedPassword serves the "ServicePassword" form.
	Alias          string
	SealedPassword []byte
	Status         string
	Created        time.Time
	Expires        time.Time // zero: never
	UserName       string    // filled on reads
}

// ServiceCredentialFilter selects ListServiceSpecificCredentials results.
type ServiceCredentialFilter struct {
	UserID      string // "" with AllUsers lists the whole account
	AllUsers    bool
	ServiceName string // "" for all services
}

// ServiceCredentials stores service-specific credentials.
type ServiceCredentials interface {
	Create(ctx context.Context, c ServiceCredential) error
	Get(ctx context.Context, accountID, id string) (ServiceCredential, error)
	// List orders by ID; After is an ID.
	List(ctx context.Context, accountID string, f ServiceCredentialFilter, o ListOptions) ([]ServiceCredential, bool, error)
	UpdateStatus(ctx context.Context, accountID, id, status string) error
	// ResetPassword replaces the sealed password (ResetServiceSpecificCredential).
	ResetPassword(ctx context.Context, accountID, id string, sealed []byte) error
	Delete(ctx context.Context, accountID, id string) error
}
