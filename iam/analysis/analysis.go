package analysis

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Analysis implements the analysis family of IAM operations.
type Analysis struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Analysis { return &Analysis{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
