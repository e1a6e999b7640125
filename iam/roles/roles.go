package roles

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Roles implements the roles family of IAM operations.
type Roles struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Roles { return &Roles{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
