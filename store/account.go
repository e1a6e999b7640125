package store

import (
	"context"
	"time"
)

// Account is a 12-digit AWS account. Name and Email serve Organizations.
type Account struct {
	ID      string
	Alias   string // "" when none; unique across all accounts, as IAM account aliases are
	Name    string
	Email   string
	Created time.Time
}

// PasswordPolicy is an account's password policy (GetAccountPasswordPolicy).
type PasswordPolicy struct {
	MinimumPasswordLength      int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	MaxPasswordAge             int // days; 0 means passwords never expire
	PasswordReusePrevention    int // 0 means no reuse prevention
	HardExpiry                 bool
}

// AccountSettings are the account-level switches of IAM and STS.
type AccountSettings struct {
	// GlobalEndpointTokenVersion is 1 or 2 (SetSecurityTokenServicePreferences); 0 means unset.
	GlobalEndpointTokenVersion int
	// OutboundWebIdentityFederation enables GetWebIdentityToken; Issuer is its issuer URL.
	OutboundWebIdentityFederation bool
	OutboundWebIdentityIssuer     string
	// Organizations root-access features, set in a management account.
	OrganizationsRootCredentialsManagement bool
	OrganizationsRootSessions              bool
}

// RootPassword is the console password of an account's root user, which signs in with the
// account's email address (or its ID) instead of a user name.
type RootPassword struct {
	AccountID    string
	PasswordHash []byte // opaque: the service hashes
	Changed      time.Time
	// LastUsed is the last successful sign-in with it; zero when never.
	LastUsed time.Time
}

// CredentialReport is the last generated credential report of an account.
type CredentialReport struct {
	Generated time.Time
	Content   []byte // the CSV document
}

// AccountSummary holds the counts GetAccountSummary reports that need a scan.
type AccountSummary struct {
	Users, Groups, Roles, Policies, InstanceProfiles, ServerCertificates int
	MFADevices, MFADevicesInUse, Providers, PolicyVersionsInUse          int
	AccountAccessKeysPresent, AccountSigningCertificatesPresent          bool
	// AccountMFAEnabled: the root user has an MFA device.
	AccountMFAEnabled bool
}

// Accounts stores accounts and their account-wide settings.
type Accounts interface {
	Create(ctx context.Context, a Account) error
	Get(ctx context.Context, id string) (Account, error)
	// GetByAlias finds the account with an alias (IAM aliases are lower case).
	GetByAlias(ctx context.Context, alias string) (Account, error)
	List(ctx context.Context, after string, limit int) ([]Account, bool, error)
	// GetByEmail finds the account with an email address, compared without regard to case;
	// when several accounts share one (Organizations keeps them unique), the lowest ID.
	GetByEmail(ctx context.Context, email string) (Account, error)
	// Update rewrites Alias, Name and Email; an alias taken by another account is
	// ErrAlreadyExists.
	Update(ctx context.Context, a Account) error
	// Delete removes the account and everything in it.
	Delete(ctx context.Context, id string) error

	PasswordPolicy(ctx context.Context, accountID string) (PasswordPolicy, error)
	PutPasswordPolicy(ctx context.Context, accountID string, p PasswordPolicy) error
	DeletePasswordPolicy(ctx context.Context, accountID string) error

	// Settings returns the zero value when nothing was set.
	// RootPassword is ErrNotFound when the root user has no console password; PutRootPassword
	// sets it (ErrNotFound for no such account), replacing any; RecordRootPasswordUse sets its
	// LastUsed.
	RootPassword(ctx context.Context, accountID string) (RootPassword, error)
	PutRootPassword(ctx context.Context, p RootPassword) error
	RecordRootPasswordUse(ctx context.Context, accountID string, at time.Time) error
	DeleteRootPassword(ctx context.Context, accountID string) error

	Settings(ctx context.Context, accountID string) (AccountSettings, error)
	PutSettings(ctx context.Context, accountID string, s AccountSettings) error

	CredentialReport(ctx context.Context, accountID string) (CredentialReport, error)
	PutCredentialReport(ctx context.Context, accountID string, r CredentialReport) error

	Summary(ctx context.Context, accountID string) (AccountSummary, error)
	// UserCredentials pages through an account's users, ordered by name, with what the
	// credential report shows of their credentials, in a fixed number of queries per page.
	UserCredentials(ctx context.Context, accountID string, o ListOptions) ([]UserCredentials, bool, error)
}
