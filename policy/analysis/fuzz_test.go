package analysis_test

import (
	"testing"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// FuzzValidate runs every check on arbitrary input under every policy type: it must not
// panic, and every finding must be well formed with locations inside the document.
func FuzzValidate(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.text(f))
	}
	f.Add([]byte(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:userid":"${"}}}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Principal":{"Federated":"x"},"Action":"sts:AssumeRole*"}]}`))
	types := []analysis.Options{{PolicyType: analysis.IdentityPolicy}, {PolicyType: analysis.ResourcePolicy},
		{PolicyType: analysis.ResourcePolicy, ResourceType: analysis.IAMAssumeRolePolicyDoc},
		{PolicyType: analysis.ResourcePolicy, ResourceType: analysis.S3Bucket},
		{PolicyType: analysis.ServiceControlPolicy}, {PolicyType: analysis.ResourceControlPolicy}}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 64<<10 {
			return
		}
		units := len([]rune(string(doc)))
		for _, o := range types {
			findings, err := analysis.Validate(doc, o)
			if err != nil {
				t.Fatalf("Validate(%+v): %v", o, err)
			}
			for _, fd := range findings {
				if fd.IssueCode == "" || fd.FindingDetails == "" || fd.LearnMoreLink == "" {
					t.Fatalf("incomplete finding %+v", fd)
				}
				for _, l := range fd.Locations {
					s := l.Span
					if s.Start.Offset > s.End.Offset || s.Start.Line < 1 || s.Start.Column < 0 || (utf8.Valid(doc) && s.End.Offset > 2*units) {
						t.Fatalf("%s: bad span %+v for a %d-character document", fd.IssueCode, s, units)
					}
				}
			}
		}
	})
}
