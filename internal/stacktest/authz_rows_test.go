package stacktest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/analyzer"
	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/cloudtrail"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/org"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/rolesanywhere"
	"github.com/gatehouse-iam/gatehouse/sts"
)

// The authorization tests derived from the operations tables (package op): for every row of
// every service, a caller with no permission is refused with AccessDenied naming the row's
// action and the resource it is authorized on, and the same caller, once allowed exactly that
// action on exactly that resource, is not refused it. A row added to a table is tested without
// a line written for it; a row whose request cannot be built from the generic inputs below
// fails here until the inputs learn it.

// rowTables are the services' tables, by the names stacktest keeps their handlers under.
var rowTables = map[string]op.Table{"IAM": iam.Operations, "STS": sts.Operations, "AccessAnalyzer": analyzer.Operations,
	"Organizations": org.Operations, "CloudTrail": cloudtrail.Operations, "RolesAnywhere": rolesanywhere.Operations}

// signingNames are the services' SigV4 signing names (callctx.Call.Service).
var signingNames = map[string]string{"IAM": "iam", "STS": "sts", "AccessAnalyzer": "access-analyzer",
	"Organizations": "organizations", "CloudTrail": "cloudtrail", "RolesAnywhere": "rolesanywhere"}

// deniedText is AWS's AccessDenied message for an implicit deny, the action and resource in it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); for
// sts:AssumeRole AWS gives no reason.
var deniedText = regexp.MustCompile(`^User: (\S+) is not authorized to perform: (\S+) on resource: (\S+)(?: because no identity-based policy allows the (\S+) action)?$`)

func TestEveryRowIsAuthorized(t *testing.T) {
	t.Parallel()
	for svc, table := range rowTables {
		t.Run(svc, func(t *testing.T) {
			t.Parallel()
			if err := table.Validate(); err != nil {
				t.Fatal(err)
			}
			s := New(t, WithoutAudit())
			// Members naming something the rows act on that must exist (a handshake, a transfer).
			existing := map[string]string{}
			// A role the account trusts, for the rows that assume one: the trust policy lets the
			// account's identity policies decide (sts:AssumeRole of a role that does not exist is
			// refused whatever they say).
			trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.account +
				`:root"},"Action":"sts:AssumeRole"}]}`
			if svc == "Organizations" {
				// The rows act on an organization's resources: the account manages one.
				orgs := s.Organizations(s.root)
				if _, err := orgs.CreateOrganization(context.Background(), &organizations.CreateOrganizationInput{
					FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
					t.Fatal(err)
				}
				// A handshake: those rows are authorized on its ARN, which names its type.
				hs, err := orgs.InviteAccountToOrganization(context.Background(), &organizations.InviteAccountToOrganizationInput{
					Target: &orgtypes.HandshakeParty{Type: orgtypes.HandshakePartyTypeAccount, Id: aws.String(s.NewAccount(t).AccountID)}})
				if err != nil {
					t.Fatal(err)
				}
				existing["HandshakeId"] = aws.ToString(hs.Handshake.Id)
				// A responsibility transfer: its rows are authorized on its ARN, which names its
				// direction.
				now := time.Now().UTC()
				rt, err := orgs.InviteOrganizationToTransferResponsibility(context.Background(), &organizations.InviteOrganizationToTransferResponsibilityInput{
					Type: orgtypes.ResponsibilityTransferTypeBilling, SourceName: aws.String("sample"),
					StartTimestamp: aws.Time(time.Date(now.Year(), now.Month()+2, 1, 0, 0, 0, 0, time.UTC)),
					Target:         &orgtypes.HandshakeParty{Type: orgtypes.HandshakePartyTypeAccount, Id: aws.String(s.NewAccount(t).AccountID)}})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rt.Handshake.Resources {
					if r.Type == orgtypes.HandshakeResourceTypeResponsibilityTransfer {
						existing["Id"] = aws.ToString(r.Value)
					}
				}
			}
			if _, err := s.IAM(s.root).CreateRole(context.Background(), &awsiam.CreateRoleInput{RoleName: aws.String("sample"),
				AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
				t.Fatal(err)
			}
			h := reflect.ValueOf(s.handlers[svc]).Elem()
			for i, info := range table.Infos() {
				t.Run(info.Name, func(t *testing.T) {
					m := h.FieldByName(info.Name)
					if !m.IsValid() || m.IsNil() {
						t.Fatalf("the %s handlers do not serve %s", svc, info.Name)
					}
					user := fmt.Sprintf("row-%d", i)
					s.checkRow(t, svc, info, m, user, existing)
				})
			}
		})
	}
}

// checkRow runs one row's operation as user, first without and then with the permission.
func (s *Stack) checkRow(t *testing.T, svc string, info op.Info, m reflect.Value, user string, existing map[string]string) {
	creds := s.NewUser(t, user)
	// Members whose value must name something of the caller's own, or have AWS's format.
	known := map[string]string{"AccessKeyId": creds.AccessKeyID, "TargetPrincipal": s.account, "Status": "Active",
		"DeletionTaskId": "task/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk/" + uuid,
		"":               s.account}
	for k, v := range serviceSamples(svc, s.account) {
		known[k] = v
	}
	for k, v := range existing {
		known[k] = v
	}
	call := func() error {
		_, caller, err := s.node.Authn.Lookup(context.Background(), creds.AccessKeyID)
		if err != nil {
			t.Fatal(err)
		}
		ctx := callctx.With(context.Background(), &callctx.Call{Caller: caller, Service: signingNames[svc], Region: Region})
		in := reflect.New(m.Type().In(1).Elem())
		fill(in.Elem(), "", known)
		out := m.Call([]reflect.Value{reflect.ValueOf(ctx), in})
		err, _ = out[1].Interface().(error)
		return err
	}
	err := call()
	action, resource, denied := deniedFor(err, creds.ARN)
	if !denied {
		// Rows that ask for no permission (the handler decides, if anything: ChangePassword's
		// password policy) and the actions the engine allows every caller are not refused.
		if !info.NoPermission && !info.Public && !policy.NeedsNoPermission(info.Action) {
			t.Fatalf("%s without permission: %v, want AccessDenied for %s", info.Name, err, info.Action)
		}
		return
	}
	if info.Public || policy.NeedsNoPermission(info.Action) {
		t.Errorf("%s needs no permission, yet was refused %s on %s", info.Name, action, resource)
	}
	if action != info.Action {
		t.Errorf("%s was refused %s, want its row's action %s", info.Name, action, info.Action)
	}
	checkResource(t, info, resource, s.account)

	// Allowed exactly that action on exactly that resource, the caller is not refused it.
	_, err = s.IAM(s.root).PutUserPolicy(context.Background(), &awsiam.PutUserPolicyInput{UserName: aws.String(user),
		PolicyName: aws.String("exactly"), PolicyDocument: aws.String(Policy("Allow", []string{info.Action}, resource))})
	if err != nil {
		t.Fatal(err)
	}
	err = call()
	if again, on, denied := deniedFor(err, creds.ARN); denied && (again == info.Action || !slices.Contains(info.Also, again)) {
		t.Errorf("%s allowed %s on %s: still refused %s on %s", info.Name, info.Action, resource, again, on)
	}
}

// checkResource checks that the resource a row was refused on is what the Service
// Authorization Reference says the action is authorized on: "*" for an action without resource
// types, otherwise an ARN of one of its resource types, in the caller's account.
func checkResource(t *testing.T, info op.Info, resource, account string) {
	t.Helper()
	a, ok := authref.Action(info.Action)
	if !ok {
		t.Fatalf("%s: %s is not in the Service Authorization Reference", info.Name, info.Action)
	}
	if len(a.Resources) == 0 {
		// IAM's listings are authorized on the path listed, as AWS's refusals name it ("…
		// iam:ListUsers on resource: arn:aws:iam::123456789012:user/").
		if resource != "*" && !pathListing(a, resource) {
			t.Errorf("%s was refused on %s; %s has no resource types, so it is authorized on \"*\"", info.Name, resource, info.Action)
		}
		return
	}
	if resource == "*" && !slices.ContainsFunc(a.Resources, func(r authref.ActionResource) bool { return r.Required }) {
		return // every resource type is optional (no asterisk in the reference): "*" is one answer
	}
	if _, ok := a.ResourceFor(resource); !ok && !beingCreated(a, resource) {
		t.Errorf("%s was refused on %s, which is none of %s's resource types (%s)", info.Name, resource, info.Action, resourceFormats(a))
		return
	}
	if parsed, err := arn.Parse(resource); err != nil || parsed.AccountID != "" && parsed.AccountID != account {
		t.Errorf("%s was refused on %s, want a resource of the caller's account %s (%v)", info.Name, resource, account, err)
	}
}

// pathListing reports whether resource is an IAM path prefix of the action's service
// (arn:aws:iam::ACCOUNT:TYPE/PREFIX) for a List action.
func pathListing(a *authref.ActionInfo, resource string) bool {
	parsed, err := arn.Parse(resource)
	return err == nil && a.Service == "iam" && parsed.Service == "iam" && strings.HasPrefix(a.Name, "List") &&
		strings.HasSuffix(parsed.Resource, "/")
}

// beingCreated reports whether resource is one of the action's resource types with "*" for the
// identifier it does not have yet (organizations:CreatePolicy is authorized on
// policy/o-ORG/TYPE/*).
func beingCreated(a *authref.ActionInfo, resource string) bool {
	prefix, ok := strings.CutSuffix(resource, "/*")
	if !ok {
		return false
	}
	variable := regexp.MustCompile(`\$\{[^}]*\}`)
	for _, r := range a.Resources {
		tmpl := r.Type.ARN[:max(strings.LastIndex(r.Type.ARN, "/"), 0)]
		parts := variable.Split(tmpl, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		if regexp.MustCompile("^" + strings.Join(parts, "[^:/]+") + "$").MatchString(prefix) {
			return true
		}
	}
	return false
}

func resourceFormats(a *authref.ActionInfo) string {
	var f []string
	for _, r := range a.Resources {
		f = append(f, r.Type.ARN)
	}
	return strings.Join(f, ", ")
}

// deniedFor reports whether err is AWS's implicit-deny AccessDenied for the caller, and the
// action and resource it names.
func deniedFor(err error, caller string) (action, resource string, denied bool) {
	var e *awserr.Error
	if !errors.As(err, &e) || (e.Code != "AccessDenied" && e.Code != "AccessDeniedException") {
		return "", "", false
	}
	m := deniedText.FindStringSubmatch(e.Message)
	if m == nil || m[1] != caller || m[4] != "" && m[2] != m[4] {
		return "", "", false
	}
	return m[2], m[3], true
}

// fill sets the members of an operation's input the way a client naming things that do not
// exist would: every string a plausible, well-formed value for its member's name, every list
// one such element, every nested structure filled the same way.
func fill(v reflect.Value, name string, known map[string]string) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct && v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), name, known)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fill(v.Field(i), f.Name, known)
			}
		}
	case reflect.String:
		if k, ok := known[name]; ok && name != "" {
			v.SetString(k)
		} else {
			v.SetString(sample(name, known[""]))
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte("sample"))
			return
		}
		one := reflect.New(v.Type().Elem()).Elem()
		fill(one, strings.TrimSuffix(strings.TrimSuffix(name, "s"), "List"), known)
		v.Set(reflect.Append(v, one))
	}
}

// serviceSamples are the members whose well-formed values differ from one service to another.
func serviceSamples(svc, account string) map[string]string {
	switch svc {
	case "RolesAnywhere":
		return map[string]string{"ResourceArn": "arn:aws:rolesanywhere:" + Region + ":" + account + ":trust-anchor/" + uuid}
	case "AccessAnalyzer":
		return map[string]string{"ResourceArn": "arn:aws:access-analyzer:" + Region + ":" + account + ":analyzer/sample"}
	case "Organizations":
		ou := "ou-ab12-cdef3456"
		return map[string]string{"ParentId": ou, "OrganizationalUnitId": ou, "SourceParentId": ou, "DestinationParentId": ou,
			"ChildId": ou, "RootId": "r-ab12", "PolicyId": "p-abcdef12", "TargetId": account, "ResourceId": account,
			"HandshakeId": "h-abcdefgh12", "PolicyType": "SERVICE_CONTROL_POLICY", "Type": "SERVICE_CONTROL_POLICY",
			"ServicePrincipal": "iam.amazonaws.com"}
	}
	return nil
}

// uuid is a well-formed Roles Anywhere and Access Analyzer identifier.
const uuid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

// sample is a plausible value of the member called name.
func sample(name, account string) string {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	iamARN := func(rest string) string { return "arn:aws:iam::" + account + ":" + rest }
	switch name {
	case "PolicyDocument", "AssumeRolePolicyDocument", "NewPolicyDocument", "ExistingPolicyDocument", "Content", "Policy",
		"PolicyInputList", "PermissionsPolicy", "Document":
		return doc
	case "PolicyArn", "PermissionsBoundary":
		return iamARN("policy/sample")
	case "OpenIDConnectProviderArn":
		return iamARN("oidc-provider/idp.example.com")
	case "SAMLProviderArn":
		return iamARN("saml-provider/sample")
	case "RoleArn", "RoleArns":
		return iamARN("role/sample")
	case "SerialNumber":
		return iamARN("mfa/sample")
	case "AnalyzerArn":
		return "arn:aws:access-analyzer:" + Region + ":" + account + ":analyzer/sample"
	case "AccountId", "TargetId":
		return account
	case "Url":
		return "https://idp.example.com"
	case "Path", "PathPrefix":
		return "/"
	case "AccessKeyId":
		return "AKIAIOSFODNN7EXAMPLE"
	case "TrustAnchorId", "ProfileId", "CrlId", "SubjectId", "Id", "JobId", "AccessPreviewId":
		return uuid
	}
	switch {
	case strings.HasSuffix(name, "Arn"), strings.HasSuffix(name, "ARN"):
		return iamARN("role/sample")
	case strings.HasSuffix(name, "Email"):
		return "sample@example.com"
	}
	return "sample"
}
