package sts_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	jose "github.com/go-jose/go-jose/v4"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// relyingParty verifies tokens the way an external service does: discovery document and JWKS
// fetched over HTTP from the issuer URL Gatehouse announced, signature checked by go-jose.
type relyingParty struct {
	t      *testing.T
	issuer string
}

func (rp relyingParty) get(url string, v any) {
	rp.t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		rp.t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		rp.t.Fatalf("GET %s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		rp.t.Fatalf("GET %s: %v", url, err)
	}
}

func (rp relyingParty) keys() jose.JSONWebKeySet {
	rp.t.Helper()
	var disc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	rp.get(rp.issuer+"/.well-known/openid-configuration", &disc)
	if disc.Issuer != rp.issuer {
		rp.t.Fatalf("discovery issuer %q, want %q", disc.Issuer, rp.issuer)
	}
	var set jose.JSONWebKeySet
	rp.get(disc.JWKSURI, &set)
	return set
}

// verify returns the token's claims, or the reason go-jose refuses it.
func (rp relyingParty) verify(tok string) (map[string]any, string) {
	jws, err := jose.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256, jose.ES384})
	if err != nil {
		return nil, err.Error()
	}
	set := rp.keys()
	keys := set.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) != 1 {
		return nil, "kid not in the JWKS"
	}
	payload, err := jws.Verify(keys[0])
	if err != nil {
		return nil, err.Error()
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, err.Error()
	}
	return claims, ""
}

func kid(t *testing.T, tok string) string {
	jws, err := jose.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256, jose.ES384})
	if err != nil {
		t.Fatal(err)
	}
	return jws.Signatures[0].Header.KeyID
}

func webIdentityToken(s *stacktest.Stack, c stacktest.Credentials, alg string, duration int32, aud []string, tags ...ststypes.Tag) (*awssts.GetWebIdentityTokenOutput, error) {
	in := &awssts.GetWebIdentityTokenInput{Audience: aud, SigningAlgorithm: aws.String(alg), Tags: tags}
	if duration != 0 {
		in.DurationSeconds = aws.Int32(duration)
	}
	return s.STS(c).GetWebIdentityToken(context.Background(), in)
}

// TestGetWebIdentityToken: disabled accounts are refused; once enabled, a role session's token
// (RS256 and ES384) verifies against the JWKS fetched from the announced issuer URL, with its
// audiences, lifetime and tags as claims.
func TestGetWebIdentityToken(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	roleARN, _ := newRole(t, s, roleSpec{name: "Exporter", trust: trust(s.AccountID(), []string{"sts:AssumeRole", "sts:TagSession"}, nil),
		policies: []string{doc(stmt("Allow", "sts:GetWebIdentityToken", "*",
			"Condition", map[string]any{"ForAllValues:StringLike": map[string]any{"sts:IdentityTokenAudience": "https://*.example.com"}}))}})
	caller := s.NewUser(t, "scheduler", doc(stmt("Allow", []string{"sts:AssumeRole", "sts:TagSession"}, roleARN)))
	session, _ := assumeRole(t, s, caller, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("job"),
		Tags: []ststypes.Tag{{Key: aws.String("team"), Value: aws.String("data")}}})

	_, err := webIdentityToken(s, session, "RS256", 0, []string{"https://api.example.com"})
	if got := outcome(err); got != "OutboundWebIdentityFederationDisabledException" {
		t.Fatalf("before enabling: %s", got)
	}
	if _, err := s.IAM(s.Root()).EnableOutboundWebIdentityFederation(ctx, &awsiam.EnableOutboundWebIdentityFederationInput{}); err != nil {
		t.Fatal(err)
	}
	info, err := s.IAM(s.Root()).GetOutboundWebIdentityFederationInfo(ctx, &awsiam.GetOutboundWebIdentityFederationInfoInput{})
	if err != nil {
		t.Fatal(err)
	}
	rp := relyingParty{t, aws.ToString(info.IssuerIdentifier)}
	if n := len(rp.keys().Keys); n != 0 {
		t.Errorf("JWKS before the first token has %d keys", n)
	}
	for _, alg := range []string{"RS256", "ES384"} {
		out, err := webIdentityToken(s, session, alg, 900, []string{"https://api.example.com", "https://b.example.com"},
			ststypes.Tag{Key: aws.String("job-id"), Value: aws.String("42")})
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		claims, why := rp.verify(aws.ToString(out.WebIdentityToken))
		if why != "" {
			t.Fatalf("%s: the relying party refuses the token: %s", alg, why)
		}
		ns, _ := claims["https://sts.amazonaws.com/"].(map[string]any)
		aud, _ := claims["aud"].([]any)
		if claims["iss"] != rp.issuer || claims["sub"] != roleARN || len(aud) != 2 ||
			int64(claims["exp"].(float64))-int64(claims["iat"].(float64)) != 900 ||
			int64(claims["exp"].(float64)) != out.Expiration.Unix() || ns["aws_account"] != s.AccountID() ||
			ns["principal_tags"].(map[string]any)["team"] != "data" || ns["request_tags"].(map[string]any)["job-id"] != "42" {
			t.Errorf("%s claims: %v", alg, claims)
		}
	}
	if n := len(rp.keys().Keys); n != 2 {
		t.Errorf("JWKS has %d keys, want one per algorithm", n)
	}
}

// TestGetWebIdentityTokenRefusals: the policy's audience condition, the limits of the request
// and a payload too large are refused with AWS's codes.
func TestGetWebIdentityTokenRefusals(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	if _, err := s.IAM(s.Root()).EnableOutboundWebIdentityFederation(context.Background(), &awsiam.EnableOutboundWebIdentityFederationInput{}); err != nil {
		t.Fatal(err)
	}
	user := s.NewUser(t, "exporter", doc(stmt("Allow", "sts:GetWebIdentityToken", "*",
		"Condition", map[string]any{"ForAllValues:StringEquals": map[string]any{"sts:IdentityTokenAudience": "https://ok.example.com"}})))
	many := make([]string, 11)
	for i := range many {
		many[i] = "https://ok.example.com"
	}
	var big []ststypes.Tag
	for i := range 50 {
		big = append(big, ststypes.Tag{Key: aws.String(strings.Repeat("k", 126) + string(rune('A'+i%26)) + string(rune('a'+i/26))),
			Value: aws.String(strings.Repeat("v", 256))})
	}
	for _, c := range []struct {
		name     string
		alg      string
		duration int32
		aud      []string
		tags     []ststypes.Tag
		want     string
	}{
		{"allowed", "ES384", 60, []string{"https://ok.example.com"}, nil, "ok"},
		{"audience the policy does not allow", "ES384", 0, []string{"https://evil.example.com"}, nil, "AccessDenied"},
		{"eleven audiences", "ES384", 0, many, nil, "ValidationError"},
		{"59 seconds", "ES384", 59, []string{"https://ok.example.com"}, nil, "ValidationError"},
		{"3601 seconds", "ES384", 3601, []string{"https://ok.example.com"}, nil, "ValidationError"},
		{"HS256", "HS256", 0, []string{"https://ok.example.com"}, nil, "ValidationError"},
		{"payload too large", "RS256", 0, []string{"https://ok.example.com"}, big, "JWTPayloadSizeExceededException"},
	} {
		_, err := webIdentityToken(s, user, c.alg, c.duration, c.aud, c.tags...)
		if got := outcome(err); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// TestGetWebIdentityTokenRotation: after RotateAfter a new key signs; the previous one stays in
// the JWKS until every token it signed has expired, so those keep verifying meanwhile.
func TestGetWebIdentityTokenRotation(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	out, err := s.IAM(s.Root()).EnableOutboundWebIdentityFederation(ctx, &awsiam.EnableOutboundWebIdentityFederationInput{})
	if err != nil {
		t.Fatal(err)
	}
	rp := relyingParty{t, aws.ToString(out.IssuerIdentifier)}
	user := s.NewUser(t, "exporter", doc(stmt("Allow", "sts:GetWebIdentityToken", "*")))
	mint := func() string {
		t.Helper()
		out, err := webIdentityToken(s, user, "RS256", 3600, []string{"aud"})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.WebIdentityToken)
	}
	first := mint()
	if again := mint(); kid(t, again) != kid(t, first) {
		t.Fatal("a second token within RotateAfter has another key")
	}
	s.Clock().Advance(24*time.Hour + time.Minute)
	second := mint()
	if kid(t, second) == kid(t, first) {
		t.Fatal("no rotation after a day")
	}
	if _, why := rp.verify(first); why != "" {
		t.Errorf("a token of the retired key no longer verifies: %s", why)
	}
	s.Clock().Advance(time.Hour)
	if _, why := rp.verify(first); why != "kid not in the JWKS" {
		t.Errorf("the retired key after its tokens expired: %q", why)
	}
	if _, why := rp.verify(second); why != "" {
		t.Errorf("the new key's token: %s", why)
	}
}
