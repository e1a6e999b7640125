package groups

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts, confirmed against responses recorded from AWS (LocalStack's snapshot
// tests of IAM groups) unless marked "unconfirmed".

func groupExists(name string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("Group with name %s already exists.", name)
}

// notAMember: RemoveUserFromGroup of a user who is not in the group. Unconfirmed wording:
// AWS answers NoSuchEntity; the text follows the user-not-found answer.
func notAMember(user string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The user with name %s cannot be found.", user)
}
