package iam

// Implemented lists the IAM operations this service implements; every other operation of the
// model answers NotImplemented (iamwire.Unimplemented). Each is authorized as the IAM action
// "iam:" + its name. docs/api-coverage.md is generated from this table, and a test checks it
// against the handler, so the report cannot claim more than the code does.
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
