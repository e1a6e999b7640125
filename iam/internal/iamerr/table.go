package iamerr

import (
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// IAM's error texts. Those without a note are confirmed against responses recorded from AWS
// (LocalStack's snapshot tests of each family's entities, and error texts quoted in issues
// about Terraform, CloudFormation and the CLI); the ones marked "unconfirmed" follow AWS's
// wording for the nearest case.

// Shared by several families.
var (
	// InvalidARN: an ARN the operation cannot use (a malformed policy, provider or entity ARN).
	// Unconfirmed for the providers and the simulator (IAM's answer to a malformed policy ARN).
	InvalidARN = Message{iamwire.ErrInvalidInput, "ARN %s is not valid."}
	// NoSuchJob: a JobId (of an access report) the account does not have. Unconfirmed.
	NoSuchJob = Message{iamwire.ErrNoSuchEntity, "The job with ID %s cannot be found."}
)

// Login profiles and passwords (family credentials).
var (
	LoginProfileExists = Message{iamwire.ErrEntityAlreadyExists, "Login Profile for user %s already exists."}
	NoSuchLoginProfile = Message{iamwire.ErrNoSuchEntity, "Login Profile for User %s cannot be found."}
	// PasswordPolicyViolation is AWS's one message for every rule a new password breaks
	// (quoted from AWS in tools' bug reports); AWS does not say which rule.
	PasswordPolicyViolation = Message{iamwire.ErrPasswordPolicyViolation, "Password does not conform to the account password policy."}
	// MissingPassword: CreateLoginProfile without a Password, which only AssumeRoot sessions
	// may omit. AWS's message for a missing required member.
	MissingPassword = Message{awserr.ValidationError, "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null"}
	// NotAnIAMUser: ChangePassword by root or a role session (InvalidUserType, as AWS's CLI
	// documentation says of root). Unconfirmed wording.
	NotAnIAMUser = Message{iamwire.ErrInvalidUserType, "Only IAM users can change their own password."}
	// WrongOldPassword: ChangePassword with an OldPassword that does not match. Unconfirmed.
	WrongOldPassword = Message{accessDenied, "The old password is incorrect."}
	// PasswordHardExpired: ChangePassword by a user whose password has expired under a policy
	// with HardExpiry, which only an administrator can reset. Unconfirmed.
	PasswordHardExpired = Message{accessDenied, "The password has expired and can be reset only by an administrator."}
)

// SSH public keys, signing certificates and service-specific credentials (family credentials).
var (
	NoSuchSSHPublicKey = Message{iamwire.ErrNoSuchEntity, "The Public Key with id %s cannot be found."}
	// DuplicateSSHPublicKey: unconfirmed wording (the model's description of the error).
	DuplicateSSHPublicKey = Message{iamwire.ErrDuplicateSSHPublicKey, "The SSH public key is already associated with the specified IAM user."}
	// InvalidPublicKey: a key in a recognized encoding that is not a usable key, with why.
	// Unconfirmed wording.
	InvalidPublicKey = Message{iamwire.ErrInvalidPublicKey, "The public key is invalid: %s."}
	// UnrecognizedPublicKeyEncoding: unconfirmed wording (the model's description of the error).
	UnrecognizedPublicKeyEncoding = Message{iamwire.ErrUnrecognizedPublicKeyEncoding, "The public key encoding format is unsupported or unrecognized."}
	// MalformedCertificate names the certificate body.
	MalformedCertificate = Message{iamwire.ErrMalformedCertificate, "Certificate %s is malformed."}
	// ExpiredCertificate: the model says MalformedCertificate covers "malformed or expired"
	// certificates. Unconfirmed wording.
	ExpiredCertificate = Message{iamwire.ErrMalformedCertificate, "The certificate has expired."}
	// InvalidCertificate: a well-formed certificate IAM cannot use, with why. Unconfirmed wording.
	InvalidCertificate = Message{iamwire.ErrInvalidCertificate, "The certificate is invalid: %s."}
	// DuplicateCertificate: unconfirmed wording.
	DuplicateCertificate    = Message{iamwire.ErrDuplicateCertificate, "The Certificate with id %s already exists."}
	NoSuchCertificate       = Message{iamwire.ErrNoSuchEntity, "The Certificate with id %s cannot be found."}
	NotSupportedService     = Message{iamwire.ErrNotSupportedService, "No such service %s is supported for Service Specific Credentials"}
	NoSuchServiceCredential = Message{iamwire.ErrNoSuchEntity, "No such credential %s exists"}
	// AgeDaysNotSupported: CredentialAgeDays for a service whose credentials do not expire.
	// Unconfirmed wording.
	AgeDaysNotSupported = Message{awserr.ValidationError, "CredentialAgeDays is not supported for service %s."}
	// UserNameWithAllUsers: ListServiceSpecificCredentials with both UserName and AllUsers,
	// which the model says cannot be combined. Unconfirmed wording.
	UserNameWithAllUsers = Message{awserr.ValidationError, "UserName and AllUsers cannot be specified together."}
	// BadStatus: a Status a caller cannot set (the model's statusType also lists Expired).
	BadStatus = Message{awserr.ValidationError, "1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"}
)

// MFA devices (family mfa). The device messages are confirmed against LocalStack's snapshot
// tests of IAM MFA devices (2026).
var (
	NoSuchMFADevice = Message{iamwire.ErrNoSuchEntity, "MFA Device with serial number %s does not exist."}
	// MFADeviceExists: CreateVirtualMFADevice with a name already used at that path. (AWS
	// answered "MFADevice entity at the same path and name already exists." in earlier years.)
	MFADeviceExists = Message{iamwire.ErrEntityAlreadyExists, "MFA device already exists."}
	// MFADeviceInUse: EnableMFADevice for a device already enabled, for this user or another.
	MFADeviceInUse = Message{iamwire.ErrEntityAlreadyExists, "MFA Device is already in use."}
	// InvalidAuthenticationCode: EnableMFADevice's and ResyncMFADevice's answer for codes that
	// are wrong, not consecutive, or out of the device's window.
	InvalidAuthenticationCode = Message{iamwire.ErrInvalidAuthenticationCode, "Authentication code for device is not valid."}
)

// Users and access keys (family users).
var (
	UserExists      = Message{iamwire.ErrEntityAlreadyExists, "User with name %s already exists."}
	NoSuchAccessKey = Message{iamwire.ErrNoSuchEntity, "The Access Key with id %s cannot be found."}
	// KeyLastUsedDenied is GetAccessKeyLastUsed's answer, naming the caller's ARN and the key,
	// for a key that does not exist in the caller's account: AWS answers AccessDenied (to root
	// too) rather than reveal whether the key exists, with this message form.
	KeyLastUsedDenied = Message{accessDenied, "User: %s is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key %s"}
)

// The account's password policy, aliases and credential report (family account), confirmed
// against LocalStack's snapshot tests of the password policy and the credential report.
var (
	// NoPasswordPolicy names the account.
	NoPasswordPolicy         = Message{iamwire.ErrNoSuchEntity, "The Password Policy with domain name %s cannot be found."}
	NoPasswordPolicyToDelete = Message{iamwire.ErrNoSuchEntity, "The account policy with name PasswordPolicy cannot be found."}
	// AliasTaken: the alias belongs to another account. Unconfirmed wording.
	AliasTaken = Message{iamwire.ErrEntityAlreadyExists, "The account alias %s already exists."}
	// NoSuchAlias: DeleteAccountAlias of an alias the account does not have. Unconfirmed wording.
	NoSuchAlias = Message{iamwire.ErrNoSuchEntity, "The account alias %s cannot be found."}
	// AliasLooksLikeAccountID: an alias of twelve digits would be mistaken for an account ID at
	// sign-in. Unconfirmed wording.
	AliasLooksLikeAccountID = Message{iamwire.ErrInvalidInput, "The account alias %s cannot be a 12-digit number."}
	// ReportNotPresent, ReportExpired: AWS answers the credential report errors without a
	// message (recorded for ReportNotPresent; unconfirmed for the other).
	ReportNotPresent = Message{iamwire.ErrReportNotPresent, ""}
	ReportExpired    = Message{iamwire.ErrReportExpired, ""}
)

// Groups (family groups), confirmed against LocalStack's snapshot tests of IAM groups.
var (
	GroupExists = Message{iamwire.ErrEntityAlreadyExists, "Group with name %s already exists."}
	// NotAMember: RemoveUserFromGroup of a user who is not in the group. Unconfirmed wording:
	// AWS answers NoSuchEntity; the text follows the user-not-found answer.
	NotAMember = Message{iamwire.ErrNoSuchEntity, "The user with name %s cannot be found."}
)

// Roles, instance profiles and service-linked roles (family roles).
var (
	RoleExists            = Message{iamwire.ErrEntityAlreadyExists, "Role with name %s already exists."}
	NoSuchInstanceProfile = Message{iamwire.ErrNoSuchEntity, "Instance Profile %s cannot be found."}
	InstanceProfileExists = Message{iamwire.ErrEntityAlreadyExists, "Instance Profile %s already exists."}
	// RoleNotInProfile names the role, then the instance profile.
	RoleNotInProfile = Message{iamwire.ErrNoSuchEntity, "Role %s in Instance Profile %s cannot be found."}
	// InvalidJSON is a trust policy that is not JSON at all.
	InvalidJSON = Message{iamwire.ErrMalformedPolicyDocument, "This policy contains invalid Json"}
	// InvalidPrincipal names the principal as AWS does, each part quoted: "AWS":"arn:…",
	// "SERVICE":"name".
	InvalidPrincipal = Message{iamwire.ErrMalformedPolicyDocument, "Invalid principal in policy: %q:%q"}
	InvalidFederated = Message{iamwire.ErrMalformedPolicyDocument, "Federated principals must be valid domain names or SAML metadata ARNs"}
	// ReservedPath: CreateRole with the path (the argument) IAM keeps for service-linked roles.
	ReservedPath = Message{iamwire.ErrInvalidInput, "Path prefix '%s' can only be used for AWS Service linked Roles"}
	// SLRSessionDuration: UpdateRole of a service-linked role's MaxSessionDuration.
	// Unconfirmed wording.
	SLRSessionDuration   = Message{iamwire.ErrUnmodifiableEntity, "%s is an AWS service linked role, max session duration cannot be changed."}
	SuffixNotAllowed     = Message{iamwire.ErrInvalidInput, "Custom suffix is not allowed for %s"}
	ServiceRoleNameTaken = Message{iamwire.ErrInvalidInput, "Service role name %s has been taken in this account, please try a different suffix."}
	// UnknownService: CreateServiceLinkedRole for a service Gatehouse has no service-linked role
	// for. Unconfirmed wording.
	UnknownService = Message{iamwire.ErrInvalidInput, "Invalid AWSServiceName: %s does not support service-linked roles."}
	// NotServiceLinked: DeleteServiceLinkedRole of a customer role. Unconfirmed wording.
	NotServiceLinked = Message{iamwire.ErrInvalidInput, "Role %s is not a service-linked role."}
	// InvalidTaskID and NoSuchTask answer GetServiceLinkedRoleDeletionStatus. Unconfirmed wording.
	InvalidTaskID = Message{iamwire.ErrInvalidInput, "DeletionTaskId %s is not valid."}
	NoSuchTask    = Message{iamwire.ErrNoSuchEntity, "Deletion task %s cannot be found."}
)

// Managed policies (family policies), confirmed against LocalStack's snapshot tests of managed
// policies, policy versions, tags and ListEntitiesForPolicy, or quoted verbatim in many issues.
var (
	// NoSuchPolicy is GetPolicy's, AttachUserPolicy's and ListEntitiesForPolicy's answer for a
	// policy that does not exist (or is not the caller's to use).
	NoSuchPolicy = Message{iamwire.ErrNoSuchEntity, "Policy %s does not exist or is not attachable."}
	// PolicyNotFound is the answer of TagPolicy, UntagPolicy and ListPolicyTags for a missing
	// policy, of DeletePolicy (unconfirmed there), and of Detach*Policy for a policy that is not
	// attached.
	PolicyNotFound = Message{iamwire.ErrNoSuchEntity, "Policy %s was not found."}
	// NoSuchPolicyVersion names the policy's ARN, then the version.
	NoSuchPolicyVersion = Message{iamwire.ErrNoSuchEntity, "Policy %s version %s does not exist or is not attachable."}
	PolicyExists        = Message{iamwire.ErrEntityAlreadyExists, "A policy called %s already exists. Duplicate names are not allowed."}
	// TooManyPolicyVersions names the limit.
	TooManyPolicyVersions = Message{iamwire.ErrLimitExceeded, "A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version."}
	DeleteDefaultVersion  = Message{iamwire.ErrDeleteConflict, "Cannot delete the default version of a policy."}
	// PolicyInUse: DeletePolicy while the policy is attached, or (unconfirmed) while it is a
	// permissions boundary.
	PolicyInUse       = Message{iamwire.ErrDeleteConflict, "Cannot delete a policy attached to entities."}
	PolicyHasVersions = Message{iamwire.ErrDeleteConflict, "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."}
	// ServiceRolePolicy: a policy of /aws-service-role/ attached to, or set as the boundary of,
	// anything but a service-linked role.
	ServiceRolePolicy = Message{iamwire.ErrPolicyNotAttachable, "Cannot attach a Service Role Policy to a Customer Role."}
	// DuplicatePolicyTagKeys: AWS's text for policies, which (unlike users') does not mention case.
	DuplicatePolicyTagKeys = Message{iamwire.ErrInvalidInput, "Duplicate tag keys found."}
	// UnknownNamespace: ListPoliciesGrantingServiceAccess with a service namespace the Service
	// Authorization Reference does not define. Unconfirmed wording.
	UnknownNamespace = Message{iamwire.ErrInvalidInput, "The service namespace %s is not valid."}
	// NotAnIdentity: ListPoliciesGrantingServiceAccess with an ARN that names no user, group or
	// role. Unconfirmed wording.
	NotAnIdentity = Message{iamwire.ErrInvalidInput, "ARN %s is not a valid user, group or role ARN."}
)

// OpenID Connect and SAML providers, and server certificates (family providers), confirmed
// against LocalStack's snapshot tests of each and error texts quoted in issues.
var (
	// TagLimitExceeded is TagOpenIDConnectProvider's answer past 50 tags; the SAML provider and
	// server certificate tagging APIs, released with it, are assumed to answer alike
	// (unconfirmed for those two).
	TagLimitExceeded = Message{iamwire.ErrLimitExceeded, "The number of tags has reached the maximum limit."}
	InvalidOIDCURL   = Message{awserr.ValidationError, "Invalid Open ID Connect Provider URL"}
	OIDCExists       = Message{iamwire.ErrEntityAlreadyExists, "Provider with url %s already exists."}
	NoSuchOIDC       = Message{iamwire.ErrNoSuchEntity, "OpenIDConnect Provider not found for arn %s"}
	// TooManyThumbprints names the limit.
	TooManyThumbprints = Message{iamwire.ErrInvalidInput, "Thumbprint list must contain fewer than %d entries."}
	// InvalidThumbprint: a thumbprint that is not 40 hexadecimal digits (the model checks only
	// the length). Unconfirmed.
	InvalidThumbprint = Message{iamwire.ErrInvalidInput, "Thumbprint %s is not a 40-character hexadecimal SHA-1 fingerprint."}
	// SAMLExists: unconfirmed.
	SAMLExists = Message{iamwire.ErrEntityAlreadyExists, "SAMLProvider named %s already exists."}
	// NoSuchSAML is GetSAMLProvider's and DeleteSAMLProvider's answer.
	NoSuchSAML = Message{iamwire.ErrNoSuchEntity, "Manifest not found for arn %s"}
	// InvalidMetadata: a metadata document that does not parse or lacks what a SAML 2.0 IdP's
	// metadata needs. Unconfirmed wording (quoted by users for malformed metadata).
	InvalidMetadata = Message{iamwire.ErrInvalidInput, "Could not parse metadata"}
	// InvalidSAMLPrivateKey: AddPrivateKey is not an unencrypted PEM RSA or EC private key.
	// Unconfirmed.
	InvalidSAMLPrivateKey = Message{iamwire.ErrInvalidInput, "The private key is not a valid unencrypted PEM-encoded RSA or EC private key."}
	// EncryptionNeedsKey: AssertionEncryptionMode Required with no private key left. Unconfirmed.
	EncryptionNeedsKey = Message{iamwire.ErrInvalidInput, "A private key is required when AssertionEncryptionMode is Required."}
	// AddAndRemoveKey: AWS rotates keys in two requests (add, then remove). Unconfirmed.
	AddAndRemoveKey = Message{iamwire.ErrInvalidInput, "Add the new private key and remove the old one in separate requests."}
	// NoSuchSAMLKey: RemovePrivateKey names a key the provider does not have. Unconfirmed.
	NoSuchSAMLKey    = Message{iamwire.ErrNoSuchEntity, "The private key with id %s cannot be found."}
	NoSuchServerCert = Message{iamwire.ErrNoSuchEntity, "The Server Certificate with name %s cannot be found."}
	ServerCertExists = Message{iamwire.ErrEntityAlreadyExists, "The Server Certificate with name %s already exists."}
	// UnparsableCertificate is the server certificate's MalformedCertificate.
	UnparsableCertificate = Message{iamwire.ErrMalformedCertificate, "Unable to parse certificate. Please ensure the certificate is in PEM format."}
	// MalformedPrivateKey: unconfirmed (AWS's wording for the certificate, applied to the key).
	MalformedPrivateKey = Message{iamwire.ErrMalformedCertificate, "Unable to parse private key. Please ensure the private key is an unencrypted RSA or ECDSA key in PEM format."}
	// InvalidChain is AWS's answer for a chain that does not link up (quoted from AWS in
	// issues), with the position of the certificate that failed (-1 for the certificate body).
	InvalidChain = Message{iamwire.ErrMalformedCertificate, "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: %d"}
	// KeyPairMismatch: unconfirmed (the API reference's description of KeyPairMismatch).
	KeyPairMismatch = Message{iamwire.ErrKeyPairMismatch, "The public key certificate and the private key do not match."}
)

// The simulator and the access reports (family analysis). The NoSuchEntity texts it answers
// for users, groups, roles and policies are the other families' (NoSuchPolicy here; the
// principals' in package core).
var (
	// InvalidCaller is the simulator's answer when a resource policy is simulated without an
	// IAM user as the caller (recorded from AWS for SimulatePrincipalPolicy with a role).
	InvalidCaller = Message{iamwire.ErrInvalidInput, "Invalid caller - Caller must be an IAM user in this context."}
	// InvalidCallerARN: a CallerArn that is not an IAM user's ARN. Unconfirmed wording.
	InvalidCallerARN = Message{iamwire.ErrInvalidInput, "Invalid caller ARN %s: the caller must be an IAM user."}
	// InvalidPolicyInput: a policy of the request (parameter, position) that does not parse or
	// breaks the grammar, with the validator's message. Unconfirmed framing: the simulation
	// operations answer InvalidInput, the only client error they model.
	InvalidPolicyInput = Message{iamwire.ErrInvalidInput, "Invalid policy in %s.%d: %s"}
	// TooManyBoundaries: more than one document in PermissionsBoundaryPolicyInputList ("You can
	// input only one permissions boundary"). Unconfirmed wording.
	TooManyBoundaries = Message{iamwire.ErrInvalidInput, "Only one permissions boundary policy can be simulated."}
	// InvalidResourceOwner: a ResourceOwner that is neither an account ID nor an ARN with one.
	// Unconfirmed wording.
	InvalidResourceOwner = Message{iamwire.ErrInvalidInput, "Invalid ResourceOwner %s: it must be an account ID or an account ARN."}
	// InvalidResourceHandlingOption: not one of the EC2 scenarios. Unconfirmed wording.
	InvalidResourceHandlingOption = Message{iamwire.ErrInvalidInput, "Invalid ResourceHandlingOption %s."}
	// InvalidContextEntry: a ContextEntry (named) without a name, with a value that does not fit
	// its type, or with several values for a single-valued type (why). Unconfirmed wording.
	InvalidContextEntry = Message{iamwire.ErrInvalidInput, "Invalid context entry %s: %s"}
	// InvalidExclusion: an entry of PolicyExclusionList (where) that is not a valid identifier
	// (a malformed ARN, a wildcard where none is allowed). The code is the API reference's
	// ("cause the request to fail with an InvalidInput error"); the wording is unconfirmed.
	InvalidExclusion = Message{iamwire.ErrInvalidInput, "Invalid policy identifier in %s: %s"}
	// FederationEnabled, FederationDisabled: outbound web identity federation already in the
	// requested state (or off, for GetOutboundWebIdentityFederationInfo), in the words of the
	// model's descriptions of FeatureEnabledException and FeatureDisabledException.
	// Unconfirmed as message texts.
	FederationEnabled  = Message{iamwire.ErrFeatureEnabled, "Outbound identity federation is already enabled for your AWS account."}
	FederationDisabled = Message{iamwire.ErrFeatureDisabled, "Outbound identity federation is disabled for your AWS account."}
)
