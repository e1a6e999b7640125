package policies

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Policies implements the policies family of IAM operations.
type Policies struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Policies { return &Policies{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
