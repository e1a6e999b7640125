package core

// AWS quotas and API limits shared by several families. Sources: IAM User Guide, "IAM and AWS
// STS quotas" (reference_iam-quotas.html), and the IAM API Reference's parameter constraints.
// Lengths and patterns of single parameters are the model's and are checked by wire/iamwire
// before an operation runs; what is left here is what needs state or spans parameters.
const (
	// MaxTagsPerResource: "Tags per IAM resource (user, role, …): 50".
	MaxTagsPerResource = 50
	// DefaultMaxItems is what a List operation returns without MaxItems (IAM API Reference,
	// Common Parameters: "If you do not include this parameter, the number of items defaults
	// to 100"); the model caps MaxItems at 1000.
	DefaultMaxItems = 100
	// SecretAccessKeyLength is the length of the secret access keys AWS issues (40
	// characters of the base64 alphabet).
	SecretAccessKeyLength = 40
)
