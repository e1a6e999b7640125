package analysis_test

import (
	_ "embed"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// policy6KB is a 6,002-byte identity policy of 13 statements over 9 services, with
// wildcard actions, variables, condition blocks of every operator family and a Deny "*".
//
//go:embed testdata/bench/policy-6kb.json
var policy6KB []byte

// BenchmarkValidatePolicy6KB is ValidatePolicy's library cost for the 6 KB policy,
// the catalog already decoded (a server decodes it once at start).
func BenchmarkValidatePolicy6KB(b *testing.B) {
	authref.Default()
	opts := analysis.Options{PolicyType: analysis.IdentityPolicy}
	if _, err := analysis.Validate(policy6KB, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(policy6KB)))
	for b.Loop() {
		if _, err := analysis.Validate(policy6KB, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParsePolicy6KB is the baseline for the same document: what IAM's own validation
// (package policy's Parse) costs, run in the same process as BenchmarkValidatePolicy6KB.
func BenchmarkParsePolicy6KB(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(policy6KB)))
	for b.Loop() {
		if _, err := policy.Parse(policy6KB, policy.Identity); err != nil {
			b.Fatal(err)
		}
	}
}
