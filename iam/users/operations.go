package users

import "github.com/gatehouse-iam/gatehouse/op"

// Operations is the users family's table: one row per operation (package op), run through
// op.Op.Run's one path (begin → resolve → authorize → not found → handle).
var Operations = op.Table{
	createUser, getUser, updateUser, deleteUser, listUsers,
	createAccessKey, deleteAccessKey, updateAccessKey, listAccessKeys, getAccessKeyLastUsed,
	tagUser, untagUser, listUserTags,
	putUserPolicy, getUserPolicy, deleteUserPolicy, listUserPolicies,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()
