package policy

import (
	"go/build"
	"strings"
	"testing"
)

// TestLeafImports enforces the architecture's leaf rule: package policy and its file front
// end import only the standard library and package arn, so every layer can depend on them.
func TestLeafImports(t *testing.T) {
	t.Parallel()
	const module = "github.com/gatehouse-iam/gatehouse/"
	allowed := map[string][]string{
		".":          {module + "arn"},
		"policyfile": {module + "arn", module + "policy"},
	}
	for dir, ours := range allowed {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			first, _, _ := strings.Cut(imp, "/")
			if !strings.Contains(first, ".") {
				continue // standard library
			}
			ok := false
			for _, a := range ours {
				ok = ok || imp == a
			}
			if !ok {
				t.Errorf("package %s imports %s; it may import only the standard library and %v", pkg.ImportPath, imp, ours)
			}
		}
	}
}
