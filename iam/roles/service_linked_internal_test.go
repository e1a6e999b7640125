package roles

import (
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// TestLinkedServicesPolicies: every service-linked role attaches a policy the catalog has,
// and one meant for service-linked roles.
func TestLinkedServicesPolicies(t *testing.T) {
	t.Parallel()
	for service, l := range linkedServices {
		p, ok := managed.Lookup(l.policyARN())
		switch {
		case !ok:
			t.Errorf("%s: policy %s is not in the managed-policy catalog", service, l.policyARN())
		case !p.ServiceLinked():
			t.Errorf("%s: policy %s is not a service-linked-role policy", service, l.policyARN())
		}
		if !strings.HasPrefix(l.roleName, "AWSServiceRoleFor") || len(l.roleName) > maxRoleNameLength {
			t.Errorf("%s: role name %q", service, l.roleName)
		}
		if !validServicePrincipal(service) {
			t.Errorf("%s is not a valid service principal", service)
		}
	}
}

func TestDeletionTaskIDRoundTrip(t *testing.T) {
	t.Parallel()
	id := deletionTaskID(serviceRoleARNPath("ecs.amazonaws.com"), "AWSServiceRoleForECS", "0e6b0f0c-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
	service, name, ok := parseDeletionTaskID(id)
	if !ok || service != "ecs.amazonaws.com" || name != "AWSServiceRoleForECS" {
		t.Errorf("parseDeletionTaskID(%q) = %q, %q, %v", id, service, name, ok)
	}
	for _, bad := range []string{"", "task/", "task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS", "job/aws-service-role/a/b/c",
		"task/aws-service-role/a/b/c/d"} {
		if _, _, ok := parseDeletionTaskID(bad); ok {
			t.Errorf("parseDeletionTaskID(%q) accepted it", bad)
		}
	}
}
