package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/rolesanywhere"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// jsonStack serves the handler with extra operations on Roles Anywhere and returns SDK options for it.
func jsonStack(t *testing.T, extras ...Extra) (*httptest.Server, aws.Config) {
	t.Helper()
	h, _, root := testHandler(t, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h.addJSONServices(Config{Extras: extras}) // as New does, with the extras
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), HTTPClient: srv.Client(),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
		Credentials: credentials.NewStaticCredentialsProvider(root.AccessKeyID, root.SecretAccessKey, "")}
	return srv, cfg
}

// wantAPIError checks that the SDK surfaced an API error with code, status and a message starting with
// message.
func wantAPIError(t *testing.T, err error, code string, status int, message string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if api.ErrorCode() != code || !strings.HasPrefix(api.ErrorMessage(), message) {
		t.Errorf("got %s %q, want %s %q", api.ErrorCode(), api.ErrorMessage(), code, message)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != status {
		t.Errorf("HTTP status %d, want %d", re.HTTPStatusCode(), status)
	}
}

// TestJSONServicesRouted: each JSON service is reached by its protocol through the real SDK, SigV4
// authenticated, and answers NotImplemented until a service handler is configured.
func TestJSONServicesRouted(t *testing.T) {
	t.Parallel()
	_, cfg := jsonStack(t)
	ctx := context.Background()
	_, err := organizations.NewFromConfig(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	wantAPIError(t, err, "NotImplemented", 501, "The operation DescribeOrganization is not implemented")
	_, err = cloudtrail.NewFromConfig(cfg).LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	wantAPIError(t, err, "NotImplemented", 501, "The operation LookupEvents is not implemented")
	_, err = accessanalyzer.NewFromConfig(cfg).ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{})
	wantAPIError(t, err, "NotImplemented", 501, "The operation ListAnalyzers is not implemented")
	_, err = rolesanywhere.NewFromConfig(cfg).ListProfiles(ctx, &rolesanywhere.ListProfilesInput{})
	wantAPIError(t, err, "NotImplemented", 501, "The operation ListProfiles is not implemented")

	bad := cfg.Copy()
	bad.Credentials = credentials.NewStaticCredentialsProvider("AKIAAAAAAAAAAAAAAAAA", strings.Repeat("x", 40), "")
	_, err = organizations.NewFromConfig(bad).ListRoots(ctx, &organizations.ListRootsInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
	_, err = accessanalyzer.NewFromConfig(bad).ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{})
	wantAPIError(t, err, "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
}

// TestServiceNotServed: a JSON SDK calling a service Gatehouse does not serve gets a parseable error
// naming it, never an XML document it cannot read.
func TestServiceNotServed(t *testing.T) {
	t.Parallel()
	_, cfg := jsonStack(t)
	_, err := kms.NewFromConfig(cfg).ListKeys(context.Background(), &kms.ListKeysInput{})
	wantAPIError(t, err, "UnknownOperationException", 400, `The service "kms" is not served by this endpoint`)
}

// TestExtras: a hand-described operation is served beside the model's: an unsigned one before SigV4 (it
// authenticates itself), a signed one after it, both rendering errors in the service's protocol.
func TestExtras(t *testing.T) {
	t.Parallel()
	var gotCall bool
	unsigned := Extra{Service: "rolesanywhere", Unsigned: true, Extra: jsonproto.Extra{Name: "CreateSession",
		Method: "POST", Pattern: "/sessions",
		Serve: func(ctx context.Context, r *jsonproto.Request, _ []string, dst []byte) (*jsonproto.Response, error) {
			if _, ok := callctx.From(ctx); ok {
				t.Error("an unsigned extra runs with an authenticated call")
			}
			if !strings.Contains(string(r.Body), "durationSeconds") {
				return nil, rolesanywherewire.ErrValidationException("missing durationSeconds")
			}
			return &jsonproto.Response{Status: 201, ContentType: jsonproto.ContentTypeJSON, Body: append(dst, `{"credentialSet":[]}`...)}, nil
		}}}
	signed := Extra{Service: "rolesanywhere", Extra: jsonproto.Extra{Name: "Ping", Method: "GET", Pattern: "/ping/{id}",
		Serve: func(ctx context.Context, r *jsonproto.Request, labels []string, dst []byte) (*jsonproto.Response, error) {
			_, gotCall = callctx.From(ctx)
			return &jsonproto.Response{Status: 200, ContentType: jsonproto.ContentTypeJSON, Body: append(dst, `{"id":"`+labels[0]+`"}`...)}, nil
		}}}
	srv, cfg := jsonStack(t, unsigned, signed)

	post := func(body string) (int, string, string) {
		resp, err := http.Post(srv.URL+"/sessions", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), string(b)
	}
	if status, _, body := post(`{"durationSeconds":900}`); status != 201 || body != `{"credentialSet":[]}` {
		t.Errorf("unsigned extra: %d %s", status, body)
	}
	if status, code, body := post(`{}`); status != 400 || code != "ValidationException" ||
		body != `{"__type":"ValidationException","message":"missing durationSeconds"}` {
		t.Errorf("unsigned extra's error: %d %s %s", status, code, body)
	}

	// The signed extra through a SigV4-signing client: unsigned, it is refused; signed, it runs.
	resp, err := http.Get(srv.URL + "/ping/a%2Fb")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-Errortype") != "MissingAuthenticationToken" {
		t.Errorf("unsigned call to a signed extra: %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"))
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/ping/a%2Fb", nil)
	signRequest(t, req, cfg, "rolesanywhere")
	resp, err = srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"id":"a/b"}` || !gotCall {
		t.Errorf("signed extra: %d %s (authenticated call: %v)", resp.StatusCode, b, gotCall)
	}
}

// signRequest signs req (no body) with cfg's credentials for service.
func signRequest(t *testing.T, req *http.Request, cfg aws.Config, service string) {
	t.Helper()
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := sigv4.Sign(req, nil, sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		cfg.Region, service, time.Now()); err != nil {
		t.Fatal(err)
	}
}
