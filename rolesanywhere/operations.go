package rolesanywhere

import "github.com/gatehouse-iam/gatehouse/op"

// Operations is the Roles Anywhere operations table: one row per operation of the model
// (package op). CreateSession, the data plane, is not in the model; CreateSessionExtra serves it.
var Operations = op.Table{
	createTrustAnchor, getTrustAnchor, listTrustAnchors, updateTrustAnchor, deleteTrustAnchor,
	enableTrustAnchor, disableTrustAnchor, putNotificationSettings, resetNotificationSettings,
	createProfile, getProfile, listProfiles, updateProfile, deleteProfile, enableProfile, disableProfile,
	putAttributeMapping, deleteAttributeMapping,
	importCrl, getCrl, listCrls, updateCrl, deleteCrl, enableCrl, disableCrl,
	getSubject, listSubjects,
	tagResource, untagResource, listTagsForResource,
}

// Implemented lists the operations this service implements, from Operations.
// docs/api-coverage.md is generated from it, and a test checks it against the handler.
var Implemented = Operations.Names()
