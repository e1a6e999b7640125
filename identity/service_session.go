package identity

import "time"

// ServiceSession is a role session an AWS service principal asks STS for on behalf of a workload
// it authenticated itself (IAM Roles Anywhere's CreateSession for a certificate): the role's
// trust policy alone decides, for Service as the principal, with the session's tags as
// aws:PrincipalTag/… and aws:RequestTag/… and Context's keys (aws:SourceArn, …).
type ServiceSession struct {
	Service     string // the service principal ("rolesanywhere.amazonaws.com")
	RoleARN     string
	SessionName string
	// Tags are the session tags; SourceIdentity its source identity ("" for none).
	Tags           map[string]string
	SourceIdentity string
	// Context holds further single-valued condition keys (aws:SourceArn, aws:SourceAccount).
	Context map[string]string
	// SessionPolicy and PolicyARNs are session policies ("" and nil for none).
	SessionPolicy string
	PolicyARNs    []string
	Duration      time.Duration
}

// ServiceCredentials are the temporary credentials of a ServiceSession.
type ServiceCredentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	Expiration                                 time.Time
	// AssumedRoleARN and AssumedRoleID name the session (arn:…:assumed-role/ROLE/SESSION,
	// ROLEID:SESSION).
	AssumedRoleARN, AssumedRoleID string
	// PackedPolicySize is the percentage of the packed size limit the session policies and tags
	// use.
	PackedPolicySize int
}
