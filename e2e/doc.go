// Package e2e holds the end-to-end tests and whole-stack benchmarks of Gatehouse.
//
// The tests build the real binary from ./cmd/gatehouse once, start it as a separate process
// (ephemeral or on a data directory in a temporary folder) and drive it the way users do: with the
// unmodified aws CLI, with boto3 scripts from testdata/, and with aws-sdk-go-v2. Nothing here
// imports the server's packages: the only interface under test is the one users see — the process's
// flags, environment, standard output and the AWS wire protocols — so the package stays separate
// from every server package and catches what in-process tests cannot (wiring, start-up, signals,
// persistence across restarts, TLS, and the byte-level behaviour real clients depend on).
//
// Run with
//
//	go test ./e2e/
//	go test ./e2e/ -run '^$' -bench WholeStack -benchtime 3000x
//	go test ./e2e/ -run '^$' -bench Startup -benchtime 30x
//
// GATEHOUSE_E2E_BINARY=/path/to/gatehouse tests a prebuilt binary instead of building one. Tests
// that need the aws CLI or boto3 skip, saying so, when those are not installed. -short skips the
// whole suite.
package e2e
