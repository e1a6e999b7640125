package policy

import "testing"

// TestNeedsNoPermission: sts:GetCallerIdentity, in any case, needs no permission (STS API
// Reference, GetCallerIdentity: "No permissions are required to perform this operation");
// other actions, however similar, do.
func TestNeedsNoPermission(t *testing.T) {
	t.Parallel()
	for action, want := range map[string]bool{
		"sts:GetCallerIdentity": true, "STS:getcalleridentity": true, "sts:GetCallerIdentity*": false,
		"sts:GetAccessKeyInfo": false, "iam:GetCallerIdentity": false, "": false,
	} {
		if got := NeedsNoPermission(action); got != want {
			t.Errorf("NeedsNoPermission(%q) = %v, want %v", action, got, want)
		}
	}
}
