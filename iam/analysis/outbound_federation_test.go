package analysis_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestOutboundWebIdentityFederation walks the feature's states: off (Get and Disable answer
// FeatureDisabled), on (Enable answers the account's issuer, a second Enable FeatureEnabled),
// off and on again (the same issuer); each account has its own issuer.
func TestOutboundWebIdentityFederation(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	const disabled = "Outbound identity federation is disabled for your AWS account."
	_, err := root.GetOutboundWebIdentityFederationInfo(ctx, &awsiam.GetOutboundWebIdentityFederationInfoInput{})
	stacktest.WantError(t, err, "FeatureDisabled", disabled)
	_, err = root.DisableOutboundWebIdentityFederation(ctx, &awsiam.DisableOutboundWebIdentityFederationInput{})
	stacktest.WantError(t, err, "FeatureDisabled", "")

	on := iamtest.Must(t, root.EnableOutboundWebIdentityFederation, &awsiam.EnableOutboundWebIdentityFederationInput{})
	issuer := aws.ToString(on.IssuerIdentifier)
	prefix := s.URL + "/outbound-federation/" // stacktest's server is the public URL
	if !strings.HasPrefix(issuer, prefix) || len(issuer) != len(prefix)+36 {
		t.Errorf("IssuerIdentifier = %q, want %s followed by an ID", issuer, prefix)
	}
	info, err := root.GetOutboundWebIdentityFederationInfo(ctx, &awsiam.GetOutboundWebIdentityFederationInfoInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(info.IssuerIdentifier) != issuer || !info.JwtVendingEnabled {
		t.Errorf("info = %q %v, want %q true", aws.ToString(info.IssuerIdentifier), info.JwtVendingEnabled, issuer)
	}
	_, err = root.EnableOutboundWebIdentityFederation(ctx, &awsiam.EnableOutboundWebIdentityFederationInput{})
	stacktest.WantError(t, err, "FeatureEnabled", "Outbound identity federation is already enabled for your AWS account.")

	iamtest.Must(t, root.DisableOutboundWebIdentityFederation, &awsiam.DisableOutboundWebIdentityFederationInput{})
	_, err = root.GetOutboundWebIdentityFederationInfo(ctx, &awsiam.GetOutboundWebIdentityFederationInfoInput{})
	stacktest.WantError(t, err, "FeatureDisabled", disabled)
	again := iamtest.Must(t, root.EnableOutboundWebIdentityFederation, &awsiam.EnableOutboundWebIdentityFederationInput{})
	if got := aws.ToString(again.IssuerIdentifier); got != issuer {
		t.Errorf("re-enabled issuer %q, want the same %q", got, issuer)
	}
	other, err := s.IAM(s.NewAccount(t)).EnableOutboundWebIdentityFederation(ctx, &awsiam.EnableOutboundWebIdentityFederationInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(other.IssuerIdentifier) == issuer {
		t.Errorf("two accounts share the issuer %q", issuer)
	}

}
