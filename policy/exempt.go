package policy

// noPermissionActions are the actions AWS allows every authenticated caller whatever its
// policies say (evaluation-semantics.md §6.2 step 0, §7.15), lower-cased: "No permissions
// are required to perform this operation. If an administrator attaches a policy to your
// identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
// perform this operation" (STS API Reference, GetCallerIdentity). Like the RCP tables
// (rcp.go), this is service knowledge kept as data, so the evaluator itself names no action.
// Keep it in step with the API references.
var noPermissionActions = map[string]bool{
	"sts:getcalleridentity": true,
}

// NeedsNoPermission reports whether AWS allows the action (service:Name, any case) to every
// authenticated caller, whatever the policies in force say.
func NeedsNoPermission(action string) bool {
	var buf [maxActionLen]byte
	lower, ok := lowerASCII(action, buf[:])
	return ok && needsNoPermission(lower)
}

func needsNoPermission(lower []byte) bool { return noPermissionActions[string(lower)] }
