package catalog_test

import (
	"os"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// TestREADMENamesEmbeddedSources keeps the README's source table honest after a refresh.
func TestREADMENamesEmbeddedSources(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{managed.Default().Source(), authref.Default().Source()} {
		if !strings.Contains(string(readme), "| "+src+" |") {
			t.Errorf("README.md's source table does not name %s, which the embedded data was built from", src)
		}
	}
}

// TestGenerateDirectivePinsEmbeddedVersions checks that `go generate ./catalog` rebuilds
// exactly the embedded data, rather than whatever is newest on npm.
func TestGenerateDirectivePinsEmbeddedVersions(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var directive string
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "//go:generate ") {
			directive = line
		}
	}
	for flag, src := range map[string]string{
		"-managed-version": managed.Default().Source(),
		"-authref-version": authref.Default().Source(),
	} {
		version := src[strings.LastIndexByte(src, '@')+1:]
		if !strings.Contains(directive+" ", " "+flag+" "+version+" ") {
			t.Errorf("doc.go's go:generate line %q does not pin %s %s", directive, flag, version)
		}
	}
}
