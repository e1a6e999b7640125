package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The dependency rules of docs/architecture.md, as one table checked with `go list`, the way
// Go's own go/build/deps_test.go checks the standard library's. Every package of the module has
// a row: a package missing from the table fails TestDependencyRules, so whoever adds a package
// adds its row (and says, by it, what the package may depend on).

const module = "github.com/gatehouse-iam/gatehouse"

// rule is what one package may import beyond the standard library: packages of the module
// (without the module prefix; "wire/..." allows wire and everything under it) and third-party
// packages (with their full path). http allows net/http, which only the HTTP layer, the error
// value, the signature verifier and the wiring import: services, the decision point and the
// codecs never do.
type rule struct {
	may  []string
	http bool
}

// Groups of what many rows allow.
var (
	// decide is what a service needs to authorize, authenticate and find identities.
	decide = []string{"arn", "authn", "authz", "awserr", "callctx", "catalog/authref", "catalog/managed", "identity",
		"lastaccess", "node", "op", "policy", "sessiontoken", "store", "usage"}
	// family is what every IAM operation family may import: never another family.
	family = append([]string{"iam/internal/core", "iam/internal/iamerr", "wire/iamwire", "totp", "internal/password"}, decide...)
)

// rules has one row per package of the module.
var rules = map[string]rule{
	// Leaves: the standard library and the leaves the row names.
	"arn":                    {},
	"awserr":                 {http: true}, // status constants
	"callctx":                {},
	"keyring":                {},
	"sessiontoken":           {},
	"sigv4":                  {http: true}, // verifies an *http.Request
	"totp":                   {},
	"internal/password":      {may: []string{"golang.org/x/crypto/argon2"}},
	"internal/memlimit":      {}, // the Go heap's soft limit, guarded
	"internal/jsonstr":       {}, // a string as JSON, for the wire and the trail
	"internal/slab":          {}, // many small values in few objects: the caches of a million users
	"iam/providers/samlmeta": {},
	"catalog":                {},
	"catalog/internal/pack":  {},
	"catalog/managed":        {may: []string{"catalog/internal/pack"}},
	"catalog/authref":        {may: []string{"catalog/internal/pack"}},
	"catalog/internal/gen":   {may: []string{"catalog/authref", "catalog/internal/pack", "catalog/managed"}},
	"policy":                 {may: []string{"arn"}},
	"policy/policyfile":      {may: []string{"arn", "policy"}},
	"policy/analysis":        {may: []string{"arn", "catalog/authref", "policy"}}, // ValidatePolicy's checks
	"policy/prove":           {may: []string{"arn", "policy", "catalog/authref"}},

	// Federation's verification and issuing cores: leaves (sigv4 for the X.509 signatures).
	"federation/oidc":     {http: true}, // fetches discovery documents and JWKS over HTTPS
	"federation/saml":     {may: []string{"github.com/beevik/etree", "github.com/russellhaering/goxmldsig/..."}},
	"federation/x509auth": {may: []string{"sigv4"}, http: true}, // verifies an *http.Request
	"federation/issuer":   {http: true},                         // status codes in its errors
	"internal/fedtest":    {may: []string{"sigv4", "github.com/go-jose/go-jose/v4/..."}, http: true},

	// The store keeps records and knows nothing of the policy language.
	"store":           {},
	"store/sqlstore":  {may: []string{"store"}},
	"store/sqlite":    {may: []string{"store", "store/sqlstore", "modernc.org/sqlite", "modernc.org/sqlite/lib"}},
	"store/postgres":  {may: []string{"store", "store/sqlstore", "github.com/jackc/pgx/v5/..."}},
	"store/storetest": {may: []string{"store", "github.com/google/go-cmp/..."}},

	// The machinery services share.
	"identity": {may: []string{"policy", "store", "arn", "catalog/authref", "catalog/managed"}},
	// orgdata is the encoding of an organization's records, which org writes and authz enforces.
	"orgdata": {may: []string{"store"}},
	// orgdata/inherit merges management policies with the inheritance operators: a leaf.
	"orgdata/inherit": {},
	"feed":            {may: []string{"store"}},
	"usage":           {may: []string{"store"}},
	// lastaccess reads last-accessed data from the audit trail through its public Lookup.
	"lastaccess": {may: []string{"audit", "store"}},
	"authn":      {may: []string{"arn", "awserr", "callctx", "internal/slab", "sessiontoken", "store", "totp"}},
	"authz":      {may: []string{"arn", "awserr", "callctx", "catalog/managed", "internal/slab", "orgdata", "policy", "store"}},
	"node":       {may: []string{"audit", "authn", "authz", "feed", "store", "usage"}},
	"audit":      {may: []string{"authz", "callctx", "internal/jsonstr", "store"}},
	"op":         {may: []string{"authz", "awserr", "callctx", "policy"}},
	"op/opcheck": {may: []string{"catalog/authref", "op"}},

	// The generated codecs: no net/http, so services can take their types.
	"wire":                   {may: []string{"awserr"}},
	"wire/constraint":        {},
	"wire/query":             {may: []string{"awserr", "wire/constraint"}},
	"wire/jsonproto":         {may: []string{"awserr", "internal/jsonstr", "wire/constraint"}},
	"wire/iamwire":           {may: []string{"awserr", "wire", "wire/query"}},
	"wire/stswire":           {may: []string{"awserr", "wire", "wire/query"}},
	"wire/orgwire":           {may: []string{"awserr", "wire", "wire/constraint", "wire/jsonproto"}},
	"wire/cloudtrailwire":    {may: []string{"awserr", "wire", "wire/constraint", "wire/jsonproto"}},
	"wire/analyzerwire":      {may: []string{"awserr", "wire", "wire/constraint", "wire/jsonproto"}},
	"wire/rolesanywherewire": {may: []string{"awserr", "wire", "wire/constraint", "wire/jsonproto"}},
	"wire/internal/gen":      {may: []string{"wire/jsonproto"}},
	"wire/internal/wiretest": {may: []string{"github.com/aws/aws-sdk-go-v2/..."}},

	// The services: never each other, never net/http.
	"sts":               {may: append([]string{"wire/stswire", "federation/oidc", "federation/saml", "federation/issuer", "iam/providers/samlmeta"}, decide...)},
	"analyzer":          {may: append([]string{"wire/analyzerwire", "policy/analysis", "policy/prove", "audit"}, decide...)},
	"org":               {may: append([]string{"wire/orgwire", "orgdata", "orgdata/inherit"}, decide...)},
	"cloudtrail":        {may: append([]string{"wire/cloudtrailwire", "audit"}, decide...)},
	"rolesanywhere":     {may: append([]string{"wire/rolesanywherewire", "wire/jsonproto", "federation/x509auth"}, decide...)},
	"iam":               {may: []string{"iam/...", "node", "op", "wire/iamwire"}},
	"iam/internal/core": {may: append([]string{"wire/iamwire", "iam/internal/iamerr"}, decide...)},
	// IAM's error answers, one table.
	"iam/internal/iamerr": {may: []string{"awserr", "wire/iamwire"}},
	// The families' shared test harness: a stack (stacktest), the AWS SDK's IAM client, and
	// Seed, which stores many entities in one write transaction for quota and listing tests.
	"iam/internal/iamtest": {may: []string{"internal/stacktest", "store", "arn", "github.com/aws/aws-sdk-go-v2/...", "github.com/google/go-cmp/..."}},
	"iam/account":          {may: family},
	"iam/analysis":         {may: append([]string{"orgdata"}, family...)},
	"iam/credentials":      {may: append([]string{"golang.org/x/crypto/ssh"}, family...)},
	"iam/groups":           {may: family},
	"iam/mfa":              {may: append([]string{"rsc.io/qr"}, family...)},
	"iam/organizations":    {may: append([]string{"orgdata"}, family...)},
	"iam/policies":         {may: family},
	"iam/providers":        {may: append([]string{"iam/providers/samlmeta"}, family...)},
	"iam/roles":            {may: family},
	"iam/users":            {may: family},

	// The HTTP layer and the wiring.
	// api imports store only for ErrUnavailable, answered as a retryable 503.
	"api":     {may: []string{"arn", "audit", "authn", "awserr", "callctx", "metrics", "node", "sigv4", "store", "usage", "wire/..."}, http: true},
	"metrics": {may: []string{"github.com/prometheus/client_golang/..."}, http: true},
	// The web console: an HTTP client of the services like the API (it calls IAM's typed
	// operations as the signed-in principal), plus the node's authenticator for one-time codes.
	"console": {may: []string{"arn", "audit", "authz", "awserr", "callctx", "cloudtrail", "iam", "iam/credentials", "node",
		"org", "orgdata", "policy/analysis", "store", "wire/cloudtrailwire", "wire/iamwire", "wire/jsonproto", "wire/orgwire",
		"github.com/go-webauthn/webauthn/..."}, http: true},
	"cmd/gatehouse":      {may: []string{"..."}, http: true},
	"internal/pgtest":    {may: []string{"github.com/jackc/pgx/v5/..."}},
	"internal/stacktest": {may: []string{"...", "github.com/aws/aws-sdk-go-v2/...", "github.com/aws/smithy-go/..."}, http: true},
	"e2e":                {http: true},
}

// services are the AWS services Gatehouse serves, one package (tree) each. They never import
// one another; IAM's families (iam/X) never import one another either.
var services = []string{"iam", "sts", "org", "analyzer", "rolesanywhere", "cloudtrail"}

// sharedLeaves are standard-library-only leaves inside a service's tree that another service may
// import: samlmeta reads the SAML metadata IAM stores and AssumeRoleWithSAML (STS) trusts.
var sharedLeaves = map[string]bool{"iam/providers/samlmeta": true}

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
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// allows reports whether pattern (a row's entry) names pkg: exactly, or as a "/..." tree.
func allows(pattern, pkg string) bool {
	if pattern == "..." {
		return strings.HasPrefix(pkg, module+"/")
	}
	if !strings.Contains(strings.SplitN(pattern, "/", 2)[0], ".") {
		pattern = module + "/" + pattern
	}
	if tree, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == tree || strings.HasPrefix(pkg, tree+"/")
	}
	return pkg == pattern
}

// TestDependencyRules: every package has a row, and imports only what its row allows.
func TestDependencyRules(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, line := range goList(t, "{{.ImportPath}} {{join .Imports \" \"}}", module+"/...") {
		fields := strings.Fields(line)
		name, ok := strings.CutPrefix(fields[0], module+"/")
		if !ok {
			continue
		}
		seen[name] = true
		r, ok := rules[name]
		if !ok {
			t.Errorf("package %s has no row in the dependency rules (cmd/gatehouse/deps_test.go): add one", name)
			continue
		}
		for _, imp := range fields[1:] {
			switch {
			case imp == "net/http" || strings.HasPrefix(imp, "net/http/"):
				if !r.http {
					t.Errorf("%s imports %s", name, imp)
				}
			case isStd(imp):
			case !slices.ContainsFunc(r.may, func(p string) bool { return allows(p, imp) }):
				t.Errorf("%s imports %s, which its row does not allow", name, imp)
			}
		}
	}
	for name := range rules {
		if !seen[name] {
			t.Errorf("the dependency rules have a row for %s, which is not a package of the module", name)
		}
	}
}

// TestServicesIsolated: no row lets a service reach another service, or an IAM family another
// family, so the table cannot drift into allowing it.
func TestServicesIsolated(t *testing.T) {
	t.Parallel()
	serviceOf := func(pkg string) string {
		first, _, _ := strings.Cut(pkg, "/")
		if slices.Contains(services, first) {
			return first
		}
		return ""
	}
	familyOf := func(pkg string) string {
		if rest, ok := strings.CutPrefix(pkg, "iam/"); ok && !strings.HasPrefix(rest, "internal/") {
			f, _, _ := strings.Cut(rest, "/")
			return f
		}
		return ""
	}
	for name, r := range rules {
		svc := serviceOf(name)
		if svc == "" || name == "iam" {
			continue // package iam composes the families
		}
		for _, may := range r.may {
			if sharedLeaves[may] {
				continue
			}
			if other := serviceOf(strings.TrimSuffix(may, "/...")); other != "" && other != svc {
				t.Errorf("%s may import service %s", name, may)
			}
			if f, g := familyOf(name), familyOf(strings.TrimSuffix(may, "/...")); f != "" && g != "" && f != g {
				t.Errorf("family %s may import family %s", name, may)
			}
			if may == "..." {
				t.Errorf("service package %s may import anything", name)
			}
		}
	}
}

// TestBinaryDeps: test-only modules and the test fixture never reach the server binary.
func TestBinaryDeps(t *testing.T) {
	t.Parallel()
	forbidden := []string{"github.com/aws/aws-sdk-go-v2", "github.com/aws/smithy-go", "github.com/google/go-cmp",
		"github.com/go-jose/go-jose", module + "/internal/stacktest", module + "/store/storetest",
		module + "/internal/fedtest", module + "/iam/internal/iamtest"}
	for _, dep := range goList(t, "{{.ImportPath}}", "-deps", module+"/cmd/gatehouse") {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("the server binary depends on %s", dep)
			}
		}
	}
}
