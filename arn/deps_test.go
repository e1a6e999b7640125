package arn

import (
	"go/build"
	"strings"
	"testing"
)

// TestLeafImports enforces the architecture's leaf rule: arn imports only the standard
// library.
func TestLeafImports(t *testing.T) {
	t.Parallel()
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if first, _, _ := strings.Cut(imp, "/"); strings.Contains(first, ".") {
			t.Errorf("package arn imports %s; it may import only the standard library", imp)
		}
	}
}
