package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGeneratedCodeIsCurrent regenerates every package into a temporary directory and compares it with
// the committed output, so the committed code can never drift from the generator or the models.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	if err := run(filepath.Join("..", ".."), tmp); err != nil {
		t.Fatal(err)
	}
	generatedHeader := regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.\n`)
	for _, cfg := range services {
		fresh, err := os.ReadDir(filepath.Join(tmp, cfg.Package))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, e := range fresh {
			want[e.Name()] = true
			got, err := os.ReadFile(filepath.Join("..", "..", cfg.Package, e.Name()))
			if err != nil {
				t.Errorf("%s/%s: %v (run go generate ./wire)", cfg.Package, e.Name(), err)
				continue
			}
			regenerated, _ := os.ReadFile(filepath.Join(tmp, cfg.Package, e.Name()))
			if !generatedHeader.Match(regenerated) {
				t.Errorf("%s/%s lacks the generated-code header", cfg.Package, e.Name())
			}
			if !bytes.Equal(got, regenerated) {
				t.Errorf("%s/%s differs from the generator's output: run go generate ./wire", cfg.Package, e.Name())
			}
		}
		committed, err := os.ReadDir(filepath.Join("..", "..", cfg.Package))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range committed {
			b, _ := os.ReadFile(filepath.Join("..", "..", cfg.Package, e.Name()))
			if generatedHeader.Match(b) && !want[e.Name()] {
				t.Errorf("%s/%s is generated code the generator no longer writes", cfg.Package, e.Name())
			}
		}
	}
}

// TestGenerationIsDeterministic generates twice and compares, so map order never leaks into the output.
func TestGenerationIsDeterministic(t *testing.T) {
	t.Parallel()
	for _, cfg := range services {
		dir := filepath.Join("..", "..", "models", cfg.Model)
		a, err := generate(cfg, dir)
		if err != nil {
			t.Fatal(err)
		}
		b, err := generate(cfg, dir)
		if err != nil {
			t.Fatal(err)
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s/%s differs between two runs", cfg.Package, name)
			}
		}
	}
}

func TestFirstSentence(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"html and sentences", "<p>Creates a new IAM user for your account.</p> <p>For information about quotas, see …</p>",
			"Creates a new IAM user for your account."},
		{"entities and code", "<p>Lists the <code>Tags</code> &amp; more.</p>", "Lists the Tags & more."},
		{"abbreviation", "Use an ID (e.g. AKIA...) here. Then more.", "Use an ID (e.g. AKIA...) here."},
		{"no dot", "<p>Contains the response</p>", "Contains the response"},
		{"list items", "<ul><li><p>one.</p></li></ul>", "one."},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := firstSentence(tt.in); got != tt.want {
				t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEnumConst(t *testing.T) {
	t.Parallel()
	tests := []struct{ typ, value, want string }{
		{"StatusType", "Active", "StatusTypeActive"},
		{"ReportFormatType", "text/csv", "ReportFormatTypeTextCsv"},
		{"AccessAdvisorUsageGranularityType", "SERVICE_LEVEL", "AccessAdvisorUsageGranularityTypeServiceLevel"},
		{"PolicySourceType", "aws-managed", "PolicySourceTypeAwsManaged"},
		{"GlobalEndpointTokenVersion", "v1Token", "GlobalEndpointTokenVersionV1Token"},
		{"PolicyEvaluationDecisionType", "explicitDeny", "PolicyEvaluationDecisionTypeExplicitDeny"},
	}
	for _, tt := range tests {
		if got, err := enumConst(tt.typ, tt.value); err != nil || got != tt.want {
			t.Errorf("enumConst(%q, %q) = %q, %v; want %q", tt.typ, tt.value, got, err, tt.want)
		}
	}
	if _, err := enumConst("T", "--"); err == nil {
		t.Error("a value without letters or digits must fail")
	}
}

func TestExportedAndPathName(t *testing.T) {
	t.Parallel()
	if got, _ := exported("accessKeyMetadataListType"); got != "AccessKeyMetadataListType" {
		t.Errorf("exported = %q", got)
	}
	if _, err := exported("bad-name"); err == nil {
		t.Error("exported must reject a name that is not a Go identifier")
	}
	if got := pathName("UserName"); got != "userName" {
		t.Errorf("pathName = %q", got)
	}
}

func TestComment(t *testing.T) {
	t.Parallel()
	got := comment("\t", strings.Repeat("word ", 40))
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if !strings.HasPrefix(line, "\t// ") || len(line) > 110 {
			t.Errorf("bad comment line %q", line)
		}
	}
	if comment("", "") != "" {
		t.Error("an empty comment must render as nothing")
	}
}
