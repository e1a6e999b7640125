package account

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Account implements the account family of IAM operations.
type Account struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Account { return &Account{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
