// Package query is the runtime of the AWS query protocol (awsQuery) that the generated service packages
// (wire/iamwire, wire/stswire) call: it turns a request's form parameters into a tree, decodes and validates
// members against the model's constraints with AWS's ValidationError messages, writes XML response documents
// into a caller's byte slice, and writes the query protocol's error document.
//
// It is separate from the generated code so the protocol's rules live in one reviewed place, and separate from
// package wire because awsJson and restJson services (Organizations, Access Analyzer) will have runtimes of
// their own. It imports only the standard library and awserr, and never net/http.
package query
