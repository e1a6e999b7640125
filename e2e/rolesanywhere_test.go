package e2e

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// TestRolesAnywhereBoto3: the Roles Anywhere control plane through boto3 against the server
// binary — a trust anchor (disabled until enabled, AWS's default notification settings beside a
// custom one configured by the account) and a profile created, listed, updated and tagged;
// notification settings put and reset; AWS's refusals with their codes and statuses; deletes.
func TestRolesAnywhereBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	ca := fedtest.NewRootCA(t, "Workload CA")
	leaf := ca.Issue(t, fedtest.Options{})
	var got struct {
		Created struct {
			Enabled       bool
			SourceType    string
			Notifications [][]any
		}
		Profile struct {
			RoleArns        []string
			DurationSeconds int
			Enabled         bool
		}
		Anchors, Profiles []string
		Renamed           string
		Enabled           bool
		Duration          int
		Put, Reset        [][]any
		Tags              [][]string
		Untagged          []string
		Steps             [][]any
	}
	s.boto3(t, s.root, "rolesanywhere.py", &got, "CA_PEM="+string(fedtest.PEM(ca.Cert)), "LEAF_PEM="+string(fedtest.PEM(leaf.Cert)))

	const svc = "rolesanywhere.amazonaws.com"
	if got.Created.Enabled || got.Created.SourceType != "CERTIFICATE_BUNDLE" || !cmp.Equal(got.Created.Notifications, [][]any{
		{"CA_CERTIFICATE_EXPIRY", 45.0, svc}, {"END_ENTITY_CERTIFICATE_EXPIRY", 7.0, s.account}}) {
		t.Errorf("created trust anchor: %+v", got.Created)
	}
	role := "arn:aws:iam::" + s.account + ":role/workload"
	if !cmp.Equal(got.Profile.RoleArns, []string{role}) || got.Profile.DurationSeconds != 900 || !got.Profile.Enabled {
		t.Errorf("created profile: %+v", got.Profile)
	}
	if !cmp.Equal(got.Anchors, []string{"ci"}) || !cmp.Equal(got.Profiles, []string{"ci"}) || got.Renamed != "ci-renamed" || !got.Enabled ||
		got.Duration != 1800 {
		t.Errorf("lists and updates: anchors %v profiles %v renamed %q enabled %v duration %d", got.Anchors, got.Profiles, got.Renamed,
			got.Enabled, got.Duration)
	}
	if want := [][]any{{"CA_CERTIFICATE_EXPIRY", false, 10.0, s.account}, {"END_ENTITY_CERTIFICATE_EXPIRY", true, 7.0, s.account}}; !cmp.Equal(got.Put, want) {
		t.Errorf("put notification settings: %v, want %v", got.Put, want)
	}
	if want := [][]any{{"CA_CERTIFICATE_EXPIRY", true, 45.0, svc}, {"END_ENTITY_CERTIFICATE_EXPIRY", true, 7.0, s.account}}; !cmp.Equal(got.Reset, want) {
		t.Errorf("reset notification settings: %v, want %v", got.Reset, want)
	}
	if !cmp.Equal(got.Tags, [][]string{{"env", "prod"}, {"team", "platform"}}) || !cmp.Equal(got.Untagged, []string{"env"}) {
		t.Errorf("tags %v, after untagging %v", got.Tags, got.Untagged)
	}
	steps := map[string][]any{}
	for _, st := range got.Steps {
		steps[st[0].(string)] = st[1:]
	}
	for step, want := range map[string][]any{
		"create_trust_anchor leaf":  {"ValidationException", 400.0},
		"create_trust_anchor pca":   {"ValidationException", 400.0},
		"get_trust_anchor unknown":  {"ResourceNotFoundException", 404.0},
		"get_profile malformed":     {"ValidationException", 400.0},
		"delete_profile":            {"ok", 200.0},
		"delete_trust_anchor":       {"ok", 200.0},
		"get_trust_anchor deleted":  {"ResourceNotFoundException", 404.0},
		"put_notification_settings": {"ok", 200.0},
	} {
		if !cmp.Equal(steps[step], want) {
			t.Errorf("%s: %v, want %v", step, steps[step], want)
		}
	}
}
