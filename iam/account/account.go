package account

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
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
