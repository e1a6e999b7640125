// Package account implements IAM's operations on account-wide settings and reports: the password policy, account aliases, GetAccountSummary, the credential report and STS preferences.
// Package iam composes it with the other operation families.
package account
