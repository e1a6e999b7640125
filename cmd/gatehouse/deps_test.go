package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The import rules of docs/architecture.md ("Rules worth a test"), checked with `go list` as
// Go's own go/build/deps_test.go checks the standard library's.

const module = "github.com/gatehouse-iam/gatehouse"

// goList runs `go list` with a template over patterns and returns its output lines.
func goList(t *testing.T, format string, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-e", "-f", format}, args...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	return strings.Fields(string(out))
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// TestBinaryDeps: test-only modules and the test fixture never reach the server binary.
func TestBinaryDeps(t *testing.T) {
	t.Parallel()
	forbidden := []string{"github.com/aws/aws-sdk-go-v2", "github.com/aws/smithy-go", "github.com/google/go-cmp",
		module + "/internal/stacktest"}
	for _, dep := range goList(t, "{{.ImportPath}}", "-deps", module+"/cmd/gatehouse") {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("the server binary depends on %s", dep)
			}
		}
	}
}

// TestLeavesImportOnlyStd: the leaves import only the standard library, plus what the
// architecture's package table allows each (policy the arn leaf; the password hasher argon2).
func TestLeavesImportOnlyStd(t *testing.T) {
	t.Parallel()
	leaves := map[string][]string{"arn": nil, "policy": {module + "/arn"}, "policy/policyfile": {module + "/arn", module + "/policy"},
		"sigv4": nil, "awserr": nil, "keyring": nil, "totp": nil, "sessiontoken": nil,
		"internal/password": {"golang.org/x/crypto/argon2"}, "iam/providers/samlmeta": nil,
		"catalog/managed": {module + "/catalog/internal/pack"}, "catalog/authref": {module + "/catalog/internal/pack"},
		"catalog/internal/pack": nil}
	for leaf, allowed := range leaves {
		for _, imp := range goList(t, "{{range .Imports}}{{.}} {{end}}", module+"/"+leaf) {
			if !isStd(imp) && !slices.Contains(allowed, imp) {
				t.Errorf("leaf %s imports %s", leaf, imp)
			}
		}
	}
}

// TestWireStaysOffHTTP: the generated codecs import only the standard library (never
// net/http: services take their types without depending on the HTTP layer), awserr, and wire.
func TestWireStaysOffHTTP(t *testing.T) {
	t.Parallel()
	pkgs := goList(t, "{{.ImportPath}}", module+"/wire/...")
	if len(pkgs) < 4 {
		t.Fatalf("go list found only %v under wire/", pkgs)
	}
	for _, pkg := range pkgs {
		for _, imp := range goList(t, "{{range .Imports}}{{.}} {{end}}", pkg) {
			switch {
			case imp == "net/http" || strings.HasPrefix(imp, "net/http/"):
				t.Errorf("%s imports %s", pkg, imp)
			case isStd(imp), imp == module+"/awserr", imp == module+"/wire", strings.HasPrefix(imp, module+"/wire/"):
			default:
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// TestServicesIsolated: services never import each other, net/http or the api package.
func TestServicesIsolated(t *testing.T) {
	t.Parallel()
	services := []string{"iam", "sts", "org", "analyzer"}
	var present []string
	for _, p := range goList(t, "{{.ImportPath}}", module+"/...") {
		if name, ok := strings.CutPrefix(p, module+"/"); ok && slices.Contains(services, name) {
			present = append(present, name)
		}
	}
	if len(present) == 0 {
		t.Fatal("no service packages found")
	}
	for _, svc := range present {
		for _, imp := range goList(t, "{{range .Imports}}{{.}} {{end}}", module+"/"+svc) {
			if imp == "net/http" || imp == module+"/api" {
				t.Errorf("service %s imports %s", svc, imp)
			}
			if other, ok := strings.CutPrefix(imp, module+"/"); ok && slices.Contains(services, other) {
				t.Errorf("service %s imports service %s", svc, other)
			}
		}
	}
}
