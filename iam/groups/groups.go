package groups

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Groups implements the groups family of IAM operations.
type Groups struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Groups { return &Groups{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
