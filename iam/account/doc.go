// Package account implements IAM's operations on account-wide settings and reports: the
// password policy, the account alias, GetAccountSummary, the credential report and the STS
// global endpoint token version (SetSecurityTokenServicePreferences).
//
// It is a family of its own because these operations act on the account rather than on an
// IAM entity: they authorize against "*", read across every entity (the summary's counts, the
// report's rows) and own no entity of their own. Package iam composes it with the other
// operation families.
package account
