package credentials

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Credentials implements the credentials family of IAM operations.
type Credentials struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Credentials { return &Credentials{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
