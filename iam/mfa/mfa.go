package mfa

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// MFA implements the mfa family of IAM operations.
type MFA struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *MFA { return &MFA{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{}
