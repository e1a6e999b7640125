package wire_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports enforces the wire tree's import rules on its non-test code: the standard library, awserr and
// wire's own packages only, and never net/http (package api owns the HTTP exchange).
func TestImports(t *testing.T) {
	t.Parallel()
	const module = "github.com/gatehouse-iam/gatehouse/"
	allowed := func(path string) bool {
		switch {
		case path == "net/http" || strings.HasPrefix(path, "net/http/"):
			return false
		case path == module+"awserr", path == module+"wire", strings.HasPrefix(path, module+"wire/"):
			return true
		}
		return !strings.Contains(strings.Split(path, "/")[0], ".") // standard library
	}
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !allowed(p) {
				t.Errorf("%s imports %s", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Errorf("checked only %d files; is the walk rooted in wire/?", files)
	}
}
