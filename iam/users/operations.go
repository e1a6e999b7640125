package users

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"CreateAccessKey",
	"CreateUser",
	"DeleteAccessKey",
	"DeleteUser",
	"DeleteUserPolicy",
	"GetAccessKeyLastUsed",
	"GetUser",
	"GetUserPolicy",
	"ListAccessKeys",
	"ListUserPolicies",
	"ListUserTags",
	"ListUsers",
	"PutUserPolicy",
	"TagUser",
	"UntagUser",
	"UpdateAccessKey",
	"UpdateUser",
}
