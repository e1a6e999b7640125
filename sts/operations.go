package sts

// Implemented lists the STS operations this service implements; every other operation of the
// model answers NotImplemented (stswire.Unimplemented). docs/api-coverage.md is generated from
// this table, and a test checks it against the handler.
var Implemented = []string{
	"GetAccessKeyInfo",
	"GetCallerIdentity",
}
