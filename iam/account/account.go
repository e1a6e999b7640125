package account

import (
	"context"
	"maps"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Account implements the account family of IAM operations.
type Account struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Account { return &Account{Base: b} }

// Operations is the account family's table: one row per operation (package op). Every action
// is account-wide: the Service Authorization Reference lists none with a resource type, so
// each is authorized on "*".
var Operations = op.Table{
	createAccountAlias, deleteAccountAlias, listAccountAliases,
	getAccountPasswordPolicy, updateAccountPasswordPolicy, deleteAccountPasswordPolicy,
	generateCredentialReport, getCredentialReport, getAccountSummary, setSecurityTokenServicePreferences,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()

// GetAccountSummary reports every entry of AWS's SummaryMap: the account's real counts of
// users, groups, roles, customer managed policies, instance profiles, server certificates,
// identity providers and MFA devices; whether the root user has access keys, signing
// certificates, MFA or a password; the STS global endpoint token version; and the quotas.
//
// PolicyVersionsInUse counts the attachments of managed policies (customer and AWS managed) to
// users, groups and roles: each uses one policy version, against a quota
// (PolicyVersionsInUseQuota 10,000) larger than the versions an account can store. The root
// user of a Gatehouse account has no password, so AccountPasswordPresent is 0.
var getAccountSummary = &op.Op[*Account, iamwire.GetAccountSummaryInput, iamwire.GetAccountSummaryOutput, op.None]{
	Name: "GetAccountSummary", Action: "iam:GetAccountSummary",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GetAccountSummaryInput, op.None]) (*iamwire.GetAccountSummaryOutput, error) {
		account := r.Account()
		var err error
		var sum store.AccountSummary
		var settings store.AccountSettings
		inUse := 0
		err = s.Store.View(ctx, func(tx store.Tx) error {
			if sum, err = tx.Accounts().Summary(ctx, account); err != nil {
				return err
			}
			if settings, err = tx.Accounts().Settings(ctx, account); err != nil {
				return err
			}
			usage, err := tx.Attachments().UsageByARN(ctx, account)
			for _, u := range usage {
				inUse += u.Attachments
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		flag := func(b bool) int32 {
			if b {
				return 1
			}
			return 0
		}
		version := int32(settings.GlobalEndpointTokenVersion)
		if version == 0 {
			version = 1 // AWS's default, until SetSecurityTokenServicePreferences
		}
		m := maps.Clone(summaryQuotas)
		maps.Copy(m, map[string]int32{
			"Users":                             int32(sum.Users),
			"Groups":                            int32(sum.Groups),
			"Roles":                             int32(sum.Roles),
			"Policies":                          int32(sum.Policies),
			"InstanceProfiles":                  int32(sum.InstanceProfiles),
			"ServerCertificates":                int32(sum.ServerCertificates),
			"Providers":                         int32(sum.Providers),
			"MFADevices":                        int32(sum.MFADevices),
			"MFADevicesInUse":                   int32(sum.MFADevicesInUse),
			"PolicyVersionsInUse":               int32(inUse),
			"AccountMFAEnabled":                 flag(sum.AccountMFAEnabled),
			"AccountAccessKeysPresent":          flag(sum.AccountAccessKeysPresent),
			"AccountSigningCertificatesPresent": flag(sum.AccountSigningCertificatesPresent),
			"AccountPasswordPresent":            0,
			"GlobalEndpointTokenVersion":        version,
		})
		return &iamwire.GetAccountSummaryOutput{SummaryMap: m}, nil
	}}

func (s *Account) GetAccountSummary(ctx context.Context, in *iamwire.GetAccountSummaryInput) (*iamwire.GetAccountSummaryOutput, error) {
	return getAccountSummary.Run(ctx, s, in)
}

// SetSecurityTokenServicePreferences chooses the version of the session tokens STS's global
// endpoint issues: v1Token (valid in the Regions enabled by default) or v2Token (valid in all
// Regions). GetAccountSummary reports it as GlobalEndpointTokenVersion.
var setSecurityTokenServicePreferences = &op.Op[*Account, iamwire.SetSecurityTokenServicePreferencesInput, iamwire.SetSecurityTokenServicePreferencesOutput, op.None]{
	Name: "SetSecurityTokenServicePreferences", Action: "iam:SetSecurityTokenServicePreferences",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.SetSecurityTokenServicePreferencesInput, op.None]) (*iamwire.SetSecurityTokenServicePreferencesOutput, error) {
		in, account := r.In, r.Account()
		version := 1
		if in.GlobalEndpointTokenVersion == iamwire.GlobalEndpointTokenVersionV2Token {
			version = 2
		}
		return core.Done[iamwire.SetSecurityTokenServicePreferencesOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			st, err := tx.Accounts().Settings(ctx, account)
			if err != nil {
				return err
			}
			st.GlobalEndpointTokenVersion = version
			return tx.Accounts().PutSettings(ctx, account, st)
		}))
	}}

func (s *Account) SetSecurityTokenServicePreferences(ctx context.Context, in *iamwire.SetSecurityTokenServicePreferencesInput) (*iamwire.SetSecurityTokenServicePreferencesOutput, error) {
	return setSecurityTokenServicePreferences.Run(ctx, s, in)
}
