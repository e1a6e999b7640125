package authref_test

import (
	"os"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// BenchmarkFirstUse is what the first lookup pays: decoding authref.bin.gz and building the
// lookup maps.
func BenchmarkFirstUse(b *testing.B) {
	gz, err := os.ReadFile("authref.bin.gz")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := authref.Decode(gz); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAction(b *testing.B) {
	c := authref.Default()
	for _, name := range []string{"iam:CreateUser", "IAM:createuser"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Action(name); !ok {
					b.Fatal("missing")
				}
			}
		})
	}
}

func BenchmarkConditionKeyType(b *testing.B) {
	c := authref.Default()
	for _, name := range []string{"aws:SourceIp", "iam:PassedToService", "aws:RequestTag/CostCenter", "iam:ResourceTag/team"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.ConditionKeyType(name); !ok {
					b.Fatal("missing")
				}
			}
		})
	}
}

func BenchmarkMatchResourceType(b *testing.B) {
	c := authref.Default()
	cases := []struct{ service, arn string }{
		{"iam", "arn:aws:iam::123456789012:user/division/alice"},
		{"s3", "arn:aws:s3:::bucket/some/key.txt"},
		{"ec2", "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"},
	}
	for _, tc := range cases {
		b.Run(tc.service, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.MatchResourceType(tc.service, tc.arn); !ok {
					b.Fatal("no match")
				}
			}
		})
	}
}

func BenchmarkExpandActions(b *testing.B) {
	c := authref.Default()
	b.ReportAllocs()
	for b.Loop() {
		if len(c.ExpandActions("iam:Get*")) == 0 {
			b.Fatal("none")
		}
	}
}
