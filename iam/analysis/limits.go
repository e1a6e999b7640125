package analysis

import (
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
)

// Limits of the analysis family. Lengths and patterns of single parameters are the model's and
// are checked by wire/iamwire before an operation runs.
const (
	// defaultMaxItems is what a paginated operation returns without MaxItems (IAM API
	// Reference, Common Parameters: "the number of items defaults to 100").
	defaultMaxItems = core.DefaultMaxItems
	// maxBoundaryInputs: "You can input only one permissions boundary when you pass a policy
	// to this operation" (SimulatePrincipalPolicy, PermissionsBoundaryPolicyInputList).
	maxBoundaryInputs = 1
	// trackingPeriod is how far back service last accessed data reaches: "IAM reports activity
	// for at least the last 400 days" (GenerateServiceLastAccessedDetails).
	trackingPeriod = 400 * 24 * time.Hour
)

func invalidMarker() *awserr.Error { return core.InvalidMarker() }
