package rolesanywhere_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ra "github.com/aws/aws-sdk-go-v2/service/rolesanywhere"
	ratypes "github.com/aws/aws-sdk-go-v2/service/rolesanywhere/types"

	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestTrustAnchors: create (disabled by default, AWS's default notification settings), get,
// list in pages, update, enable, notification settings put and reset, delete; a bundle that is
// not CA certificates and an unknown ID are refused with AWS's codes.
func TestTrustAnchors(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	c := s.RolesAnywhere(s.Root())
	ca := fedtest.NewRootCA(t, "Anchor CA")
	bundle := func(pem []byte) *ratypes.Source {
		return &ratypes.Source{SourceType: ratypes.TrustAnchorTypeCertificateBundle,
			SourceData: &ratypes.SourceDataMemberX509CertificateData{Value: string(pem)}}
	}
	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		out, err := c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String(name), Source: bundle(fedtest.PEM(ca.Cert)),
			Tags: []ratypes.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}})
		if err != nil {
			t.Fatalf("CreateTrustAnchor: %v", err)
		}
		ta := out.TrustAnchor
		if aws.ToBool(ta.Enabled) || len(ta.NotificationSettings) != 2 || aws.ToInt32(ta.NotificationSettings[0].Threshold) != 45 {
			t.Errorf("new trust anchor: enabled %v, notifications %+v", aws.ToBool(ta.Enabled), ta.NotificationSettings)
		}
		ids = append(ids, aws.ToString(ta.TrustAnchorId))
	}
	leaf := ca.Issue(t, fedtest.Options{})
	_, err := c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String("leaf"), Source: bundle(fedtest.PEM(leaf.Cert))})
	stacktest.WantError(t, err, "ValidationException", "")
	_, err = c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String("junk"), Source: bundle([]byte("not pem"))})
	stacktest.WantError(t, err, "ValidationException", "")
	// Gatehouse has no AWS Private CA: every PCA ARN names one that cannot be read. A malformed ARN,
	// a missing one, the undocumented SELF_SIGNED_REPOSITORY and a type whose data is missing are
	// refused the same way; none of them leaves a trust anchor behind.
	pca := func(a *string) *ratypes.Source {
		src := &ratypes.Source{SourceType: ratypes.TrustAnchorTypeAwsAcmPca}
		if a != nil {
			src.SourceData = &ratypes.SourceDataMemberAcmPcaArn{Value: *a}
		}
		return src
	}
	for name, src := range map[string]*ratypes.Source{
		"pca":        pca(aws.String("arn:aws:acm-pca:us-east-1:" + s.AccountID() + ":certificate-authority/11111111-2222-3333-4444-555555555555")),
		"pcabadarn":  pca(aws.String("arn:aws:s3:::bucket")),
		"pcanone":    pca(nil),
		"selfsigned": {SourceType: ratypes.TrustAnchorTypeSelfSignedRepository},
		"bundlenone": {SourceType: ratypes.TrustAnchorTypeCertificateBundle},
		"bundlepca":  {SourceType: ratypes.TrustAnchorTypeCertificateBundle, SourceData: &ratypes.SourceDataMemberAcmPcaArn{Value: "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x"}},
	} {
		_, err = c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String(name), Source: src})
		stacktest.WantError(t, err, "ValidationException", "")
	}
	custom, err := c.CreateTrustAnchor(ctx, &ra.CreateTrustAnchorInput{Name: aws.String("custom"), Source: bundle(fedtest.PEM(ca.Cert)),
		NotificationSettings: []ratypes.NotificationSetting{{Enabled: aws.Bool(true), Event: ratypes.NotificationEventEndEntityCertificateExpiry, Threshold: aws.Int32(7)}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range custom.TrustAnchor.NotificationSettings {
		want := "rolesanywhere.amazonaws.com"
		if n.Event == ratypes.NotificationEventEndEntityCertificateExpiry {
			want = s.AccountID()
		}
		if aws.ToString(n.ConfiguredBy) != want || (want == s.AccountID()) != (aws.ToInt32(n.Threshold) == 7) {
			t.Errorf("created with a custom setting: %s configured by %s, threshold %d", n.Event, aws.ToString(n.ConfiguredBy), aws.ToInt32(n.Threshold))
		}
	}
	if _, err := c.DeleteTrustAnchor(ctx, &ra.DeleteTrustAnchorInput{TrustAnchorId: custom.TrustAnchor.TrustAnchorId}); err != nil {
		t.Fatal(err)
	}

	page, err := c.ListTrustAnchors(ctx, &ra.ListTrustAnchorsInput{PageSize: aws.Int32(2)})
	if err != nil || len(page.TrustAnchors) != 2 || page.NextToken == nil {
		t.Fatalf("first page: %+v %v", page, err)
	}
	rest, err := c.ListTrustAnchors(ctx, &ra.ListTrustAnchorsInput{PageSize: aws.Int32(2), NextToken: page.NextToken})
	if err != nil || len(rest.TrustAnchors) != 1 || rest.NextToken != nil {
		t.Fatalf("second page: %+v %v", rest, err)
	}

	id := aws.String(ids[0])
	up, err := c.UpdateTrustAnchor(ctx, &ra.UpdateTrustAnchorInput{TrustAnchorId: id, Name: aws.String("renamed")})
	if err != nil || aws.ToString(up.TrustAnchor.Name) != "renamed" {
		t.Fatalf("UpdateTrustAnchor: %+v %v", up, err)
	}
	if en, err := c.EnableTrustAnchor(ctx, &ra.EnableTrustAnchorInput{TrustAnchorId: id}); err != nil || !aws.ToBool(en.TrustAnchor.Enabled) {
		t.Fatalf("EnableTrustAnchor: %v", err)
	}
	put, err := c.PutNotificationSettings(ctx, &ra.PutNotificationSettingsInput{TrustAnchorId: id, NotificationSettings: []ratypes.NotificationSetting{
		{Enabled: aws.Bool(false), Event: ratypes.NotificationEventCaCertificateExpiry, Threshold: aws.Int32(10)}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range put.TrustAnchor.NotificationSettings {
		if n.Event == ratypes.NotificationEventCaCertificateExpiry && (aws.ToBool(n.Enabled) || aws.ToInt32(n.Threshold) != 10 ||
			aws.ToString(n.ConfiguredBy) != s.AccountID()) {
			t.Errorf("custom setting %+v", n)
		}
	}
	reset, err := c.ResetNotificationSettings(ctx, &ra.ResetNotificationSettingsInput{TrustAnchorId: id,
		NotificationSettingKeys: []ratypes.NotificationSettingKey{{Event: ratypes.NotificationEventCaCertificateExpiry}}})
	if err != nil || !aws.ToBool(reset.TrustAnchor.NotificationSettings[0].Enabled) ||
		aws.ToString(reset.TrustAnchor.NotificationSettings[0].ConfiguredBy) != "rolesanywhere.amazonaws.com" {
		t.Errorf("reset: %+v %v", reset, err)
	}
	if _, err := c.DeleteTrustAnchor(ctx, &ra.DeleteTrustAnchorInput{TrustAnchorId: id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTrustAnchor(ctx, &ra.GetTrustAnchorInput{TrustAnchorId: id})
	stacktest.WantError(t, err, "ResourceNotFoundException", "Resource not found")
}

// TestProfilesCRLsTags: profiles with their defaults and attribute mappings, CRLs tied to a trust
// anchor, tags by ARN; a caller without permission gets AccessDeniedException.
func TestProfilesCRLsTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	c := w.RolesAnywhere(w.Root())
	p, err := c.GetProfile(ctx, &ra.GetProfileInput{ProfileId: aws.String(w.profileID)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(p.Profile.DurationSeconds) != 3600 || len(p.Profile.AttributeMappings) != 3 || aws.ToString(p.Profile.CreatedBy) != w.Root().ARN {
		t.Errorf("profile defaults: %+v", p.Profile)
	}
	m, err := c.PutAttributeMapping(ctx, &ra.PutAttributeMappingInput{ProfileId: aws.String(w.profileID), CertificateField: ratypes.CertificateFieldX509Subject,
		MappingRules: []ratypes.MappingRule{{Specifier: aws.String("CN")}}})
	if err != nil || len(m.Profile.AttributeMappings) != 3 {
		t.Fatalf("PutAttributeMapping: %+v %v", m, err)
	}
	d, err := c.DeleteAttributeMapping(ctx, &ra.DeleteAttributeMappingInput{ProfileId: aws.String(w.profileID), CertificateField: ratypes.CertificateFieldX509Issuer})
	if err != nil || len(d.Profile.AttributeMappings) != 2 {
		t.Fatalf("DeleteAttributeMapping: %+v %v", d, err)
	}
	up, err := c.UpdateProfile(ctx, &ra.UpdateProfileInput{ProfileId: aws.String(w.profileID), DurationSeconds: aws.Int32(900)})
	if err != nil || aws.ToInt32(up.Profile.DurationSeconds) != 900 {
		t.Fatalf("UpdateProfile: %+v %v", up, err)
	}
	_, err = c.UpdateProfile(ctx, &ra.UpdateProfileInput{ProfileId: aws.String(w.profileID), SessionPolicy: aws.String("{")})
	stacktest.WantError(t, err, "ValidationException", "")

	crl := w.inter.CRL(t)
	imp, err := c.ImportCrl(ctx, &ra.ImportCrlInput{Name: aws.String("crl"), CrlData: crl.Raw, TrustAnchorArn: aws.String(w.anchorARN)})
	if err != nil || aws.ToBool(imp.Crl.Enabled) || aws.ToString(imp.Crl.TrustAnchorArn) != w.anchorARN {
		t.Fatalf("ImportCrl: %+v %v", imp, err)
	}
	crlID := imp.Crl.CrlId
	if en, err := c.EnableCrl(ctx, &ra.EnableCrlInput{CrlId: crlID}); err != nil || !aws.ToBool(en.Crl.Enabled) {
		t.Fatalf("EnableCrl: %v", err)
	}
	_, err = c.UpdateCrl(ctx, &ra.UpdateCrlInput{CrlId: crlID, CrlData: []byte("junk")})
	stacktest.WantError(t, err, "ValidationException", "")
	if list, err := c.ListCrls(ctx, &ra.ListCrlsInput{}); err != nil || len(list.Crls) != 1 {
		t.Fatalf("ListCrls: %+v %v", list, err)
	}

	arn := aws.ToString(imp.Crl.CrlArn)
	if _, err := c.TagResource(ctx, &ra.TagResourceInput{ResourceArn: aws.String(arn), Tags: []ratypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForResource(ctx, &ra.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "prod" {
		t.Fatalf("ListTagsForResource: %+v %v", tags, err)
	}
	if _, err := c.UntagResource(ctx, &ra.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"env"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteCrl(ctx, &ra.DeleteCrlInput{CrlId: crlID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCrl(ctx, &ra.GetCrlInput{CrlId: crlID})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")

	reader := w.NewUser(t, "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rolesanywhere:List*","Resource":"*"}]}`)
	if _, err := w.RolesAnywhere(reader).ListProfiles(ctx, &ra.ListProfilesInput{}); err != nil {
		t.Errorf("ListProfiles as reader: %v", err)
	}
	_, err = w.RolesAnywhere(reader).DeleteProfile(ctx, &ra.DeleteProfileInput{ProfileId: aws.String(w.profileID)})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	if _, err := c.DeleteProfile(ctx, &ra.DeleteProfileInput{ProfileId: aws.String(w.profileID)}); err != nil {
		t.Fatal(err)
	}
}
