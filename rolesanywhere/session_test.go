package rolesanywhere_test

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	ra "github.com/aws/aws-sdk-go-v2/service/rolesanywhere"
	ratypes "github.com/aws/aws-sdk-go-v2/service/rolesanywhere/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func doc(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// world is a stack with a test CA registered as an enabled trust anchor, a profile listing a role
// that trusts IAM Roles Anywhere for workloads of the "payments" OU of that trust anchor.
type world struct {
	*stacktest.Stack
	root, inter         *fedtest.CA
	anchorARN, anchorID string
	profileARN, roleARN string
	profileID           string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{Stack: stacktest.New(t)}
	w.root = fedtest.NewRootCA(t, "Gatehouse Test Root")
	w.inter = w.root.Intermediate(t, "Gatehouse Issuing CA")
	c := w.RolesAnywhere(w.Root())
	ta, err := c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String("test-ca"), Enabled: aws.Bool(true),
		Source: &ratypes.Source{SourceType: ratypes.TrustAnchorTypeCertificateBundle,
			SourceData: &ratypes.SourceDataMemberX509CertificateData{Value: string(fedtest.PEM(w.root.Cert))}}})
	if err != nil {
		t.Fatalf("CreateTrustAnchor: %v", err)
	}
	w.anchorARN, w.anchorID = aws.ToString(ta.TrustAnchor.TrustAnchorArn), aws.ToString(ta.TrustAnchor.TrustAnchorId)
	trust := doc(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "rolesanywhere.amazonaws.com"},
		"Action":    []string{"sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"},
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/x509Subject/OU": "payments"}, "ArnEquals": map[string]any{"aws:SourceArn": w.anchorARN}},
	}}})
	role, err := w.IAM(w.Root()).CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("workload"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	w.roleARN = aws.ToString(role.Role.Arn)
	p, err := c.CreateProfile(ctx, &ra.CreateProfileInput{Name: aws.String("workloads"), RoleArns: []string{w.roleARN}, Enabled: aws.Bool(true),
		SessionPolicy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}`)})
	if err != nil {
		t.Fatalf("CreateProfile: %v", err)
	}
	w.profileARN, w.profileID = aws.ToString(p.Profile.ProfileArn), aws.ToString(p.Profile.ProfileId)
	return w
}

// helper runs AWS's aws_signing_helper credential-process for leaf (with the intermediate) and
// returns its output and error.
func (w *world) helper(t *testing.T, bin, name string, leaf *fedtest.Leaf) (string, error) {
	t.Helper()
	dir := t.TempDir()
	cert, key, chain := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key"), filepath.Join(dir, "chain.pem")
	os.WriteFile(cert, fedtest.PEM(leaf.Cert), 0o600)
	os.WriteFile(key, fedtest.KeyPEM(t, leaf.Key), 0o600)
	os.WriteFile(chain, fedtest.PEM(w.inter.Cert), 0o600)
	cmd := exec.Command(bin, "credential-process", "--certificate", cert, "--private-key", key, "--intermediates", chain,
		"--trust-anchor-arn", w.anchorARN, "--profile-arn", w.profileARN, "--role-arn", w.roleARN,
		"--endpoint", w.URL, "--region", stacktest.Region)
	cmd.Env = append(os.Environ(), "HOME="+dir, "AWS_CONFIG_FILE="+filepath.Join(dir, "none"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestCreateSessionWithSigningHelper: AWS's aws_signing_helper gets working credentials for a
// certificate of the trust anchor's CA (RSA and ECDSA keys); a revoked, an expired, a rogue-CA
// certificate and one the trust policy's x509Subject condition excludes are refused; a disabled
// profile refuses everyone.
func TestCreateSessionWithSigningHelper(t *testing.T) {
	t.Parallel()
	bin := fedtest.Tool(t, "aws_signing_helper", "rolesanywhere-credential-helper")
	w := newWorld(t)
	ctx := context.Background()
	c := w.RolesAnywhere(w.Root())
	payments := pkix.Name{CommonName: "api-1", OrganizationalUnit: []string{"payments"}, Organization: []string{"Example"}}
	good := w.inter.Issue(t, fedtest.Options{RSA: true, Subject: payments})
	goodEC := w.inter.Issue(t, fedtest.Options{Subject: payments, DNSNames: []string{"api.example.com"}})
	revoked := w.inter.Issue(t, fedtest.Options{Subject: payments})
	expired := w.inter.Issue(t, fedtest.Options{Subject: payments, NotBefore: time.Now().Add(-72 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	rogue := fedtest.NewRootCA(t, "Gatehouse Test Root").Issue(t, fedtest.Options{Subject: payments})
	other := w.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "batch", OrganizationalUnit: []string{"analytics"}}})
	crl := w.inter.CRL(t, revoked.Cert.SerialNumber)
	if _, err := c.ImportCrl(ctx, &ra.ImportCrlInput{Name: aws.String("issuing"), CrlData: crl.Raw, TrustAnchorArn: aws.String(w.anchorARN),
		Enabled: aws.Bool(true)}); err != nil {
		t.Fatalf("ImportCrl: %v", err)
	}

	for name, leaf := range map[string]*fedtest.Leaf{"rsa": good, "ecdsa": goodEC} {
		out, err := w.helper(t, bin, name, leaf)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		var creds struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
		if err := json.Unmarshal([]byte(out), &creds); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		id, err := w.STS(stacktest.Credentials{AccessKeyID: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey,
			SessionToken: creds.SessionToken}).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("%s: the credentials do not work: %v", name, err)
		}
		want := "arn:aws:sts::" + w.AccountID() + ":assumed-role/workload/" + leaf.Cert.SerialNumber.Text(16)
		if aws.ToString(id.Arn) != want {
			t.Errorf("%s: caller %s, want %s", name, aws.ToString(id.Arn), want)
		}
		// The profile's session policy bounds the session: IAM is out of reach.
		if _, err := w.IAM(stacktest.Credentials{AccessKeyID: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey,
			SessionToken: creds.SessionToken}).ListUsers(ctx, &awsiam.ListUsersInput{}); stacktest.ErrorCode(err) != "AccessDenied" {
			t.Errorf("%s: ListUsers beyond the session policy: %v", name, err)
		}
	}
	for name, leaf := range map[string]*fedtest.Leaf{"revoked": revoked, "expired": expired, "rogue": rogue, "other-ou": other} {
		if out, err := w.helper(t, bin, name, leaf); err == nil || !strings.Contains(out, "AccessDeniedException") {
			t.Errorf("%s certificate: want AccessDeniedException, got %v\n%s", name, err, out)
		}
	}
	subjects, err := c.ListSubjects(ctx, &ra.ListSubjectsInput{})
	if err != nil || len(subjects.Subjects) != 1 || !strings.Contains(aws.ToString(subjects.Subjects[0].X509Subject), "CN=api-1") {
		t.Errorf("ListSubjects = %+v, %v; want the one subject that got credentials", subjects, err)
	}
	if _, err := c.DisableProfile(ctx, &ra.DisableProfileInput{ProfileId: aws.String(w.profileID)}); err != nil {
		t.Fatal(err)
	}
	if out, err := w.helper(t, bin, "disabled", good); err == nil || !strings.Contains(out, "AccessDeniedException") {
		t.Errorf("disabled profile: want AccessDeniedException, got %v\n%s", err, out)
	}
}

// TestCreateSessionRequests: CreateSession over plain HTTP as the signing helper sends it — a
// duration outside 900–43200 seconds is ValidationException, a request without the X.509
// signature is refused, a role the profile does not list is AccessDeniedException, and a valid
// request answers 201 with the credential set.
func TestCreateSessionRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	leaf := w.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "job", OrganizationalUnit: []string{"payments"}}})
	post := func(roleARN, body string, sign bool) (int, string, string) {
		t.Helper()
		u := w.URL + "/sessions?" + url.Values{"profileArn": {w.profileARN}, "roleArn": {roleARN}, "trustAnchorArn": {w.anchorARN}}.Encode()
		req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if sign {
			fedtest.SignX509(t, req, []byte(body), leaf, []*x509.Certificate{w.inter.Cert}, stacktest.Region, time.Now())
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), string(b)
	}
	for _, c := range []struct {
		name, role, body string
		sign             bool
		status           int
		code             string
	}{
		{"ok", w.roleARN, `{"durationSeconds":3600}`, true, 201, ""},
		{"too short", w.roleARN, `{"durationSeconds":600}`, true, 400, "ValidationException"},
		{"too long", w.roleARN, `{"durationSeconds":43201}`, true, 400, "ValidationException"},
		{"unsigned", w.roleARN, `{"durationSeconds":3600}`, false, 403, ""},
		{"role not in the profile", "arn:aws:iam::" + w.AccountID() + ":role/other", `{}`, true, 403, "AccessDeniedException"},
	} {
		status, code, body := post(c.role, c.body, c.sign)
		if status != c.status || c.code != "" && code != c.code {
			t.Errorf("%s: %d %s %s, want %d %s", c.name, status, code, body, c.status, c.code)
		}
		if c.status == 201 && !strings.Contains(body, `"credentialSet":[{"assumedRoleUser":{"arn":"arn:aws:sts::`) {
			t.Errorf("%s: body %s", c.name, body)
		}
	}
}
