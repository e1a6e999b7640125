package account

import (
	"context"
	"errors"
	"maps"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// Account is the account family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Account struct {
	*core.Base
}

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

// CreateAccountAlias gives the account its alias, the name its users sign in with. An account
// has one alias: a new one replaces the old, as the AWS Sign-In User Guide says. Aliases are
// unique across all accounts (EntityAlreadyExists). The model's pattern (lower-case letters,
// digits and single dashes, 3–63 characters) is checked by the wire layer.
var createAccountAlias = &op.Op[*Account, iamwire.CreateAccountAliasInput, iamwire.CreateAccountAliasOutput, op.None]{
	Name: "CreateAccountAlias", Action: "iam:CreateAccountAlias",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.CreateAccountAliasInput, op.None]) (*iamwire.CreateAccountAliasOutput, error) {
		in, account := r.In, r.Account()
		if arn.IsAccountID(in.AccountAlias) {
			return nil, iamerr.AliasLooksLikeAccountID.Err(in.AccountAlias)
		}
		return core.Done[iamwire.CreateAccountAliasOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			a, err := tx.Accounts().Get(ctx, account)
			if err != nil {
				return err
			}
			if a.Alias == in.AccountAlias {
				return nil
			}
			if other, err := tx.Accounts().GetByAlias(ctx, in.AccountAlias); err == nil && other.ID != account {
				return iamerr.AliasTaken.Err(in.AccountAlias)
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			a.Alias = in.AccountAlias
			return core.Unique(tx.Accounts().Update(ctx, a), iamerr.AliasTaken.Err(in.AccountAlias))
		}))
	}}

// DeleteAccountAlias removes the account's alias, which must be the one named; another
// account's alias, or none, is NoSuchEntity.
var deleteAccountAlias = &op.Op[*Account, iamwire.DeleteAccountAliasInput, iamwire.DeleteAccountAliasOutput, op.None]{
	Name: "DeleteAccountAlias", Action: "iam:DeleteAccountAlias",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountAliasInput, op.None]) (*iamwire.DeleteAccountAliasOutput, error) {
		in, account := r.In, r.Account()
		return core.Done[iamwire.DeleteAccountAliasOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			a, err := tx.Accounts().Get(ctx, account)
			if err != nil {
				return err
			}
			if a.Alias == "" || a.Alias != in.AccountAlias {
				return iamerr.NoSuchAlias.Err(in.AccountAlias)
			}
			a.Alias = ""
			return tx.Accounts().Update(ctx, a)
		}))
	}}

// ListAccountAliases lists the account's alias: one or none. Marker and MaxItems work as on
// every IAM listing.
var listAccountAliases = &op.Op[*Account, iamwire.ListAccountAliasesInput, iamwire.ListAccountAliasesOutput, op.None]{
	Name: "ListAccountAliases", Action: "iam:ListAccountAliases",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.ListAccountAliasesInput, op.None]) (*iamwire.ListAccountAliasesOutput, error) {
		in, account := r.In, r.Account()
		opts, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		var a store.Account
		err = s.Store.View(ctx, func(tx store.Tx) error {
			a, err = tx.Accounts().Get(ctx, account)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListAccountAliasesOutput{AccountAliases: []string{}}
		if a.Alias != "" && a.Alias > opts.After {
			out.AccountAliases = append(out.AccountAliases, a.Alias)
		}
		out.Marker, out.IsTruncated = core.NextMarker(false, "")
		return out, nil
	}}

// GetAccountPasswordPolicy returns the account's custom password policy; an account without
// one (which uses AWS's default policy) answers NoSuchEntity, as AWS does.
var getAccountPasswordPolicy = &op.Op[*Account, iamwire.GetAccountPasswordPolicyInput, iamwire.GetAccountPasswordPolicyOutput, op.None]{
	Name: "GetAccountPasswordPolicy", Action: "iam:GetAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.GetAccountPasswordPolicyInput, op.None]) (*iamwire.GetAccountPasswordPolicyOutput, error) {
		account := r.Account()
		p, err := core.ReadOr(ctx, s.Store, iamerr.NoPasswordPolicy.Err(account), func(tx store.Tx) (store.PasswordPolicy, error) {
			return tx.Accounts().PasswordPolicy(ctx, account)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GetAccountPasswordPolicyOutput{PasswordPolicy: wirePasswordPolicy(p)}, nil
	}}

// wirePasswordPolicy is a policy as AWS returns it: every Require… flag, ExpirePasswords
// derived from MaxPasswordAge, and MaxPasswordAge, PasswordReusePrevention and HardExpiry only
// when set (a policy made with the defaults has none of the three).
func wirePasswordPolicy(p store.PasswordPolicy) iamwire.PasswordPolicy {
	b := func(v bool) *bool { return &v }
	n := func(v int) *int32 { x := int32(v); return &x }
	out := iamwire.PasswordPolicy{MinimumPasswordLength: n(p.MinimumPasswordLength), RequireSymbols: b(p.RequireSymbols),
		RequireNumbers: b(p.RequireNumbers), RequireUppercaseCharacters: b(p.RequireUppercaseCharacters),
		RequireLowercaseCharacters: b(p.RequireLowercaseCharacters), AllowUsersToChangePassword: b(p.AllowUsersToChangePassword),
		ExpirePasswords: b(p.MaxPasswordAge > 0)}
	if p.MaxPasswordAge > 0 {
		out.MaxPasswordAge = n(p.MaxPasswordAge)
	}
	if p.PasswordReusePrevention > 0 {
		out.PasswordReusePrevention = n(p.PasswordReusePrevention)
	}
	if p.HardExpiry {
		out.HardExpiry = b(true)
	}
	return out
}

// UpdateAccountPasswordPolicy sets the account's password policy. As in AWS, the request
// replaces the whole policy: a member left out takes its default (MinimumPasswordLength 6,
// every flag false, no expiry, no reuse prevention), not its previous value. The model's
// ranges (length 6–128, age 1–1095 days, reuse 1–24) are checked by the wire layer. The new
// rules bind the next password set; MaxPasswordAge applies at once to existing passwords.
var updateAccountPasswordPolicy = &op.Op[*Account, iamwire.UpdateAccountPasswordPolicyInput, iamwire.UpdateAccountPasswordPolicyOutput, op.None]{
	Name: "UpdateAccountPasswordPolicy", Action: "iam:UpdateAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.UpdateAccountPasswordPolicyInput, op.None]) (*iamwire.UpdateAccountPasswordPolicyOutput, error) {
		in, account := r.In, r.Account()
		flag := func(b *bool) bool { return b != nil && *b }
		num := func(n *int32, def int) int {
			if n == nil {
				return def
			}
			return int(*n)
		}
		p := store.PasswordPolicy{
			MinimumPasswordLength:      num(in.MinimumPasswordLength, DefaultMinimumPasswordLength),
			RequireSymbols:             flag(in.RequireSymbols),
			RequireNumbers:             flag(in.RequireNumbers),
			RequireUppercaseCharacters: flag(in.RequireUppercaseCharacters),
			RequireLowercaseCharacters: flag(in.RequireLowercaseCharacters),
			AllowUsersToChangePassword: flag(in.AllowUsersToChangePassword),
			MaxPasswordAge:             num(in.MaxPasswordAge, 0),
			PasswordReusePrevention:    num(in.PasswordReusePrevention, 0),
			HardExpiry:                 flag(in.HardExpiry),
		}
		return core.Done[iamwire.UpdateAccountPasswordPolicyOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			return tx.Accounts().PutPasswordPolicy(ctx, account, p)
		}))
	}}

// DeleteAccountPasswordPolicy removes the account's custom password policy; AWS's default
// policy applies again.
var deleteAccountPasswordPolicy = &op.Op[*Account, iamwire.DeleteAccountPasswordPolicyInput, iamwire.DeleteAccountPasswordPolicyOutput, op.None]{
	Name: "DeleteAccountPasswordPolicy", Action: "iam:DeleteAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountPasswordPolicyInput, op.None]) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
		account := r.Account()
		return core.Done[iamwire.DeleteAccountPasswordPolicyOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			err := tx.Accounts().DeletePasswordPolicy(ctx, account)
			if core.IsNotFound(err) {
				return iamerr.NoPasswordPolicyToDelete.Err()
			}
			return err
		}))
	}}
