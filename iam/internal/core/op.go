package core

import "github.com/gatehouse-iam/gatehouse/op"

// Authorizer is the decision point of the families' operation rows (package op): every family
// embeds *Base, so every family is an op.Host.
func (b *Base) Authorizer() op.Authorizer { return b.Authz }
