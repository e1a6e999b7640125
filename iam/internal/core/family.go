package core

import "github.com/gatehouse-iam/gatehouse/op"

// Family is an operation family as the shared rows (tagging, inline policies, principals) need
// it: an op.Host whose shared dependencies they can reach. Every family embeds *Base, so every
// family is one.
type Family interface {
	op.Host
	Shared() *Base
}

// Shared returns the shared dependencies (Family).
func (b *Base) Shared() *Base { return b }
