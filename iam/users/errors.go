package users

import (
	"fmt"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Most are confirmed against responses recorded from AWS (LocalStack's
// snapshot tests of IAM users, access keys and inline policies, and error texts widely quoted
// in issues); the ones marked "unconfirmed" follow AWS's wording for the nearest case.

func userExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("User with name %s already exists.", name)
}

func noSuchAccessKey(id string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Access Key with id %s cannot be found.", id)
}

// keyLastUsedDenied is GetAccessKeyLastUsed's answer for a key that does not exist in the
// caller's account: AWS answers AccessDenied (to root too) rather than reveal whether the key
// exists, with this message form (recorded from AWS).
func keyLastUsedDenied(callerARN, keyID string) *awserr.Error {
	return awserr.AccessDenied(fmt.Sprintf("User: %s is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key %s", callerARN, keyID))
}
