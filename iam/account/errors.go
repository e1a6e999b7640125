package account

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AWS's error texts. Those without a note are confirmed against responses recorded from AWS
// (LocalStack's snapshot tests of the password policy and the credential report); the ones
// marked "unconfirmed" follow AWS's wording for the nearest case.

func noPasswordPolicy(account string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The Password Policy with domain name %s cannot be found.", account)
}

func noPasswordPolicyToDelete() *awserr.Error {
	return iamwire.ErrNoSuchEntity("The account policy with name PasswordPolicy cannot be found.")
}

// aliasTaken: the alias belongs to another account. Unconfirmed wording.
func aliasTaken(alias string) *awserr.Error {
	return iamwire.ErrEntityAlreadyExists("The account alias %s already exists.", alias)
}

// noSuchAlias: DeleteAccountAlias of an alias the account does not have. Unconfirmed wording.
func noSuchAlias(alias string) *awserr.Error {
	return iamwire.ErrNoSuchEntity("The account alias %s cannot be found.", alias)
}

// aliasLooksLikeAccountID: an alias of twelve digits would be mistaken for an account ID at
// sign-in. Unconfirmed wording.
func aliasLooksLikeAccountID(alias string) *awserr.Error {
	return iamwire.ErrInvalidInput("The account alias %s cannot be a 12-digit number.", alias)
}

// AWS answers the credential report errors without a message (recorded for ReportNotPresent;
// unconfirmed for the others).

func reportNotPresent() *awserr.Error { return iamwire.ErrReportNotPresent("") }

func reportExpired() *awserr.Error { return iamwire.ErrReportExpired("") }
