package iam_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/op"
)

// The authorization tests of every IAM operation are one table, checked against the
// operations table (iam.Operations): each row calls an operation first as a user no policy
// allows anything, who gets AWS's AccessDenied naming the operation's action and the resource
// the Service Authorization Reference gives it, also when that resource does not exist (an
// unauthorized caller learns nothing of what exists); then as a user allowed everything, who
// gets the row's answer (success, or NoSuchEntity for what does not exist). Tests of
// condition keys (ABAC, boundaries, iam:PassRole, …) stay with their families.

// TestAuthorization runs the table.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	fx := newAuthzFixture(t, s, root)
	nobody := s.NewUser(t, "nobody")
	admin := s.NewUser(t, "admin", iamtest.AllowAll)
	infos := operationInfos()
	iamtest.Authorization{
		Account: s.AccountID(),
		Rows:    fx.rows,
		Action:  func(name string) string { return infos[name].Action },
	}.Run(t, iamtest.Caller{ARN: nobody.ARN, Client: s.IAM(nobody)}, iamtest.Caller{ARN: admin.ARN, Client: s.IAM(admin)})
}

// TestAuthorizationCoversOperations: every operation of the table has a row, and every row's
// operation is in the table, authorized as the IAM action of its name, as the Service
// Authorization Reference names every IAM operation's action.
func TestAuthorizationCoversOperations(t *testing.T) {
	t.Parallel()
	infos := operationInfos()
	covered := map[string]bool{}
	for _, r := range (authzFixture{}).rows(&awsiam.Client{}) {
		covered[r.Op] = true
		info, ok := infos[r.Op]
		switch {
		case !ok:
			t.Errorf("row for %s, which iam.Operations does not have", r.Op)
		case info.Action != "iam:"+r.Op:
			t.Errorf("%s is authorized as %s, want iam:%s", r.Op, info.Action, r.Op)
		}
	}
	for name := range infos {
		if !covered[name] {
			t.Errorf("%s has no authorization row", name)
		}
	}
}

// operationInfos is iam.Operations by name.
func operationInfos() map[string]op.Info {
	infos := map[string]op.Info{}
	for _, info := range iam.Operations.Infos() {
		infos[info.Name] = info
	}
	return infos
}

// authzFixture is what the rows act on: the account's entities that exist, made by root before
// the rows run (the rows' other targets, "ghost", do not exist).
type authzFixture struct {
	acct      string
	oidc      string // an OpenID Connect provider's ARN
	saml      string // a SAML provider's ARN
	samlDoc   string // a SAML provider's metadata document
	mfa       string // a virtual MFA device's serial number
	certPEM   string // a server certificate and its private key
	keyPEM    string
	sshKey    string
	slrTask   string // a service-linked role's deletion task
	aliceKey  string // the access key ID of alice, a user
	readOnly  string // an AWS managed policy's ARN
	ghostPol  string // a customer managed policy's ARN that names nothing
	ghostOIDC string
	ghostSAML string
	ghostMFA  string
}

func newAuthzFixture(t *testing.T, s *stacktest.Stack, root *awsiam.Client) authzFixture {
	t.Helper()
	acct := s.AccountID()
	leaf := fedtest.NewRootCA(t, "Authorization CA").Issue(t, fedtest.Options{RSA: true})
	idp := &fedtest.SAMLIdP{EntityID: "https://idp.example.com/saml", Cert: leaf.Cert}
	fx := authzFixture{acct: acct, samlDoc: idp.Metadata(), certPEM: string(fedtest.PEM(leaf.Cert)), keyPEM: string(fedtest.KeyPEM(t, leaf.Key)),
		readOnly: "arn:aws:iam::aws:policy/ReadOnlyAccess", ghostPol: "arn:aws:iam::" + acct + ":policy/ghost",
		ghostOIDC: "arn:aws:iam::" + acct + ":oidc-provider/ghost.example.com", ghostSAML: "arn:aws:iam::" + acct + ":saml-provider/ghost",
		ghostMFA: "arn:aws:iam::" + acct + ":mfa/ghost"}
	iamtest.MustCreateUser(t, root, "alice")
	fx.aliceKey = *iamtest.Must(t, root.CreateAccessKey, &awsiam.CreateAccessKeyInput{UserName: aws.String("alice")}).AccessKey.AccessKeyId
	iamtest.Must(t, root.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("builder"), Path: aws.String("/ci/"), AssumeRolePolicyDocument: aws.String(ec2Trust)})
	fx.oidc = *iamtest.Must(t, root.CreateOpenIDConnectProvider, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://idp.example.com")}).OpenIDConnectProviderArn
	fx.saml = *iamtest.Must(t, root.CreateSAMLProvider, &awsiam.CreateSAMLProviderInput{Name: aws.String("Idp"), SAMLMetadataDocument: aws.String(fx.samlDoc)}).SAMLProviderArn
	iamtest.Must(t, root.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: aws.String("web"), Path: aws.String("/edge/"),
		CertificateBody: aws.String(fx.certPEM), PrivateKey: aws.String(fx.keyPEM)})
	fx.mfa = *iamtest.Must(t, root.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String("phone")}).VirtualMFADevice.SerialNumber
	iamtest.Must(t, root.CreateServiceLinkedRole, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("ecs.amazonaws.com")})
	fx.slrTask = *iamtest.Must(t, root.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForECS")}).DeletionTaskId
	return fx
}

// rows is the table, calling with c.
func (f authzFixture) rows(c *awsiam.Client) []iamtest.Authz {
	return slices.Concat(f.userRows(c), f.groupRows(c), f.roleRows(c), f.instanceProfileRows(c), f.providerRows(c),
		f.certificateRows(c), f.credentialRows(c), f.mfaRows(c), f.accountRows(c), f.policyRows(c), f.analysisRows(c), f.organizationRows(c))
}

var (
	str      = aws.String
	readDoc  = str(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}`)
	someTags = []types.Tag{iamtest.Tag("a", "b")}
)

const (
	noUser = "The user with name ghost cannot be found."
	keyID  = "AKIAIOSFODNN7EXAMPLE"
)

func (f authzFixture) userRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str("ghost")
	return []iamtest.Authz{
		iamtest.Row(c.CreateUser, &awsiam.CreateUserInput{UserName: str("bob"), Path: str("/eng/")}, "user/eng/bob"),
		iamtest.Row(c.GetUser, &awsiam.GetUserInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListUsers, &awsiam.ListUsersInput{}, "user/"),
		iamtest.Row(c.UpdateUser, &awsiam.UpdateUserInput{UserName: ghost, NewPath: str("/x/")}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteUser, &awsiam.DeleteUserInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.TagUser, &awsiam.TagUserInput{UserName: ghost, Tags: someTags}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.UntagUser, &awsiam.UntagUserInput{UserName: ghost, TagKeys: []string{"a"}}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListUserTags, &awsiam.ListUserTagsInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.CreateAccessKey, &awsiam.CreateAccessKeyInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListAccessKeys, &awsiam.ListAccessKeysInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.UpdateAccessKey, &awsiam.UpdateAccessKeyInput{UserName: ghost, AccessKeyId: str(keyID), Status: types.StatusTypeInactive},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteAccessKey, &awsiam.DeleteAccessKeyInput{UserName: ghost, AccessKeyId: str(keyID)}, "user/ghost", "NoSuchEntity", noUser),
		// Authorized on the key's owner.
		iamtest.Row(c.GetAccessKeyLastUsed, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: str(f.aliceKey)}, "user/alice"),
		iamtest.Row(c.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: ghost, PermissionsBoundary: str(f.readOnly)},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteUserPermissionsBoundary, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.PutUserPolicy, &awsiam.PutUserPolicyInput{UserName: ghost, PolicyName: str("p"), PolicyDocument: readDoc}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GetUserPolicy, &awsiam.GetUserPolicyInput{UserName: ghost, PolicyName: str("p")}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: ghost, PolicyName: str("p")}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListUserPolicies, &awsiam.ListUserPoliciesInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: ghost, PolicyArn: str(f.readOnly)}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DetachUserPolicy, &awsiam.DetachUserPolicyInput{UserName: ghost, PolicyArn: str(f.readOnly)}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListAttachedUserPolicies, &awsiam.ListAttachedUserPoliciesInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListGroupsForUser, &awsiam.ListGroupsForUserInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
	}
}

func (f authzFixture) groupRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str("ghost")
	const noGroup = "The group with name ghost cannot be found."
	return []iamtest.Authz{
		iamtest.Row(c.CreateGroup, &awsiam.CreateGroupInput{GroupName: str("qa"), Path: str("/eng/")}, "group/eng/qa"),
		iamtest.Row(c.GetGroup, &awsiam.GetGroupInput{GroupName: ghost}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.ListGroups, &awsiam.ListGroupsInput{}, "group/"),
		iamtest.Row(c.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: ghost, NewPath: str("/x/")}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.DeleteGroup, &awsiam.DeleteGroupInput{GroupName: ghost}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.AddUserToGroup, &awsiam.AddUserToGroupInput{GroupName: ghost, UserName: str("alice")}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.RemoveUserFromGroup, &awsiam.RemoveUserFromGroupInput{GroupName: ghost, UserName: str("alice")}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.PutGroupPolicy, &awsiam.PutGroupPolicyInput{GroupName: ghost, PolicyName: str("p"), PolicyDocument: readDoc}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.GetGroupPolicy, &awsiam.GetGroupPolicyInput{GroupName: ghost, PolicyName: str("p")}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.DeleteGroupPolicy, &awsiam.DeleteGroupPolicyInput{GroupName: ghost, PolicyName: str("p")}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.ListGroupPolicies, &awsiam.ListGroupPoliciesInput{GroupName: ghost}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.AttachGroupPolicy, &awsiam.AttachGroupPolicyInput{GroupName: ghost, PolicyArn: str(f.readOnly)}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.DetachGroupPolicy, &awsiam.DetachGroupPolicyInput{GroupName: ghost, PolicyArn: str(f.readOnly)}, "group/ghost", "NoSuchEntity", noGroup),
		iamtest.Row(c.ListAttachedGroupPolicies, &awsiam.ListAttachedGroupPoliciesInput{GroupName: ghost}, "group/ghost", "NoSuchEntity", noGroup),
	}
}

const ec2Trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func (f authzFixture) roleRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str("ghost")
	const noRole = "The role with name ghost cannot be found."
	return []iamtest.Authz{
		iamtest.Row(c.CreateRole, &awsiam.CreateRoleInput{RoleName: str("deployer"), Path: str("/ci/"), AssumeRolePolicyDocument: str(ec2Trust)},
			"role/ci/deployer"),
		iamtest.Row(c.GetRole, &awsiam.GetRoleInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		// Authorized on the role's ARN, with its path.
		iamtest.Row(c.GetRole, &awsiam.GetRoleInput{RoleName: str("builder")}, "role/ci/builder"),
		iamtest.Row(c.ListRoles, &awsiam.ListRolesInput{PathPrefix: str("/ci/")}, "role/ci/"),
		iamtest.Row(c.UpdateRole, &awsiam.UpdateRoleInput{RoleName: ghost, Description: str("x")}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.UpdateRoleDescription, &awsiam.UpdateRoleDescriptionInput{RoleName: ghost, Description: str("x")}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.UpdateAssumeRolePolicy, &awsiam.UpdateAssumeRolePolicyInput{RoleName: ghost, PolicyDocument: str(ec2Trust)}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.DeleteRole, &awsiam.DeleteRoleInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.TagRole, &awsiam.TagRoleInput{RoleName: ghost, Tags: someTags}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.UntagRole, &awsiam.UntagRoleInput{RoleName: ghost, TagKeys: []string{"a"}}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.ListRoleTags, &awsiam.ListRoleTagsInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.PutRolePolicy, &awsiam.PutRolePolicyInput{RoleName: ghost, PolicyName: str("p"), PolicyDocument: readDoc}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.GetRolePolicy, &awsiam.GetRolePolicyInput{RoleName: ghost, PolicyName: str("p")}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.DeleteRolePolicy, &awsiam.DeleteRolePolicyInput{RoleName: ghost, PolicyName: str("p")}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.ListRolePolicies, &awsiam.ListRolePoliciesInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.AttachRolePolicy, &awsiam.AttachRolePolicyInput{RoleName: ghost, PolicyArn: str(f.readOnly)}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.DetachRolePolicy, &awsiam.DetachRolePolicyInput{RoleName: ghost, PolicyArn: str(f.readOnly)}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.ListAttachedRolePolicies, &awsiam.ListAttachedRolePoliciesInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.PutRolePermissionsBoundary, &awsiam.PutRolePermissionsBoundaryInput{RoleName: ghost, PermissionsBoundary: str(f.readOnly)},
			"role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.DeleteRolePermissionsBoundary, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.CreateServiceLinkedRole, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: str("rds.amazonaws.com")},
			"role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"),
		iamtest.Row(c.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: ghost}, "role/ghost", "NoSuchEntity", noRole),
		iamtest.Row(c.GetServiceLinkedRoleDeletionStatus, &awsiam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: str(f.slrTask)},
			"role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
	}
}

func (f authzFixture) instanceProfileRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str("ghost")
	const noProfile = "Instance Profile ghost cannot be found."
	return []iamtest.Authz{
		iamtest.Row(c.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: str("web"), Path: str("/p/")}, "instance-profile/p/web"),
		iamtest.Row(c.GetInstanceProfile, &awsiam.GetInstanceProfileInput{InstanceProfileName: ghost}, "instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.ListInstanceProfiles, &awsiam.ListInstanceProfilesInput{}, "instance-profile/"),
		iamtest.Row(c.ListInstanceProfilesForRole, &awsiam.ListInstanceProfilesForRoleInput{RoleName: ghost}, "role/ghost", "NoSuchEntity"),
		iamtest.Row(c.DeleteInstanceProfile, &awsiam.DeleteInstanceProfileInput{InstanceProfileName: ghost}, "instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.AddRoleToInstanceProfile, &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: ghost, RoleName: str("deployer")},
			"instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.RemoveRoleFromInstanceProfile, &awsiam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: ghost, RoleName: str("deployer")},
			"instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.TagInstanceProfile, &awsiam.TagInstanceProfileInput{InstanceProfileName: ghost, Tags: someTags}, "instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.UntagInstanceProfile, &awsiam.UntagInstanceProfileInput{InstanceProfileName: ghost, TagKeys: []string{"a"}},
			"instance-profile/ghost", "NoSuchEntity", noProfile),
		iamtest.Row(c.ListInstanceProfileTags, &awsiam.ListInstanceProfileTagsInput{InstanceProfileName: ghost}, "instance-profile/ghost", "NoSuchEntity", noProfile),
	}
}

func (f authzFixture) providerRows(c *awsiam.Client) []iamtest.Authz {
	noOIDC, noSAML := "OpenIDConnect Provider not found for arn "+f.ghostOIDC, "Manifest not found for arn "+f.ghostSAML
	oidc, ghostOIDC, saml, ghostSAML := str(f.oidc), str(f.ghostOIDC), str(f.saml), str(f.ghostSAML)
	return []iamtest.Authz{
		iamtest.Row(c.CreateOpenIDConnectProvider, &awsiam.CreateOpenIDConnectProviderInput{Url: str("https://new.example.com/x")},
			"oidc-provider/new.example.com/x"),
		iamtest.Row(c.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc}, f.oidc),
		iamtest.Row(c.GetOpenIDConnectProvider, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: ghostOIDC}, f.ghostOIDC, "NoSuchEntity", noOIDC),
		iamtest.Row(c.ListOpenIDConnectProviders, &awsiam.ListOpenIDConnectProvidersInput{}, "*"),
		iamtest.Row(c.AddClientIDToOpenIDConnectProvider, &awsiam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc, ClientID: str("x")}, f.oidc),
		iamtest.Row(c.RemoveClientIDFromOpenIDConnectProvider, &awsiam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc,
			ClientID: str("x")}, f.oidc),
		iamtest.Row(c.UpdateOpenIDConnectProviderThumbprint, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{OpenIDConnectProviderArn: ghostOIDC,
			ThumbprintList: []string{"990f4193972f2becf12ddeda5237f9c952f20d9e"}}, f.ghostOIDC, "NoSuchEntity", noOIDC),
		iamtest.Row(c.UpdateOpenIDConnectProviderThumbprint, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{OpenIDConnectProviderArn: oidc,
			ThumbprintList: []string{"990f4193972f2becf12ddeda5237f9c952f20d9e"}}, f.oidc),
		iamtest.Row(c.TagOpenIDConnectProvider, &awsiam.TagOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc, Tags: someTags}, f.oidc),
		iamtest.Row(c.ListOpenIDConnectProviderTags, &awsiam.ListOpenIDConnectProviderTagsInput{OpenIDConnectProviderArn: oidc}, f.oidc),
		iamtest.Row(c.UntagOpenIDConnectProvider, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc, TagKeys: []string{"a"}}, f.oidc),
		iamtest.Row(c.TagOpenIDConnectProvider, &awsiam.TagOpenIDConnectProviderInput{OpenIDConnectProviderArn: ghostOIDC, Tags: someTags},
			f.ghostOIDC, "NoSuchEntity", noOIDC),
		iamtest.Row(c.UntagOpenIDConnectProvider, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: ghostOIDC, TagKeys: []string{"a"}},
			f.ghostOIDC, "NoSuchEntity", noOIDC),
		iamtest.Row(c.ListOpenIDConnectProviderTags, &awsiam.ListOpenIDConnectProviderTagsInput{OpenIDConnectProviderArn: ghostOIDC},
			f.ghostOIDC, "NoSuchEntity", noOIDC),
		// Deleting a provider that does not exist succeeds (API reference: the call is idempotent).
		iamtest.Row(c.DeleteOpenIDConnectProvider, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: ghostOIDC}, f.ghostOIDC),
		iamtest.Row(c.DeleteOpenIDConnectProvider, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: oidc}, f.oidc),
		iamtest.Row(c.CreateSAMLProvider, &awsiam.CreateSAMLProviderInput{Name: str("New"), SAMLMetadataDocument: str(f.samlDoc)}, "saml-provider/New"),
		iamtest.Row(c.GetSAMLProvider, &awsiam.GetSAMLProviderInput{SAMLProviderArn: saml}, f.saml),
		iamtest.Row(c.GetSAMLProvider, &awsiam.GetSAMLProviderInput{SAMLProviderArn: ghostSAML}, f.ghostSAML, "NoSuchEntity", noSAML),
		iamtest.Row(c.UpdateSAMLProvider, &awsiam.UpdateSAMLProviderInput{SAMLProviderArn: ghostSAML, SAMLMetadataDocument: str(f.samlDoc)},
			f.ghostSAML, "NoSuchEntity", noSAML),
		iamtest.Row(c.UpdateSAMLProvider, &awsiam.UpdateSAMLProviderInput{SAMLProviderArn: saml, SAMLMetadataDocument: str(f.samlDoc)}, f.saml),
		iamtest.Row(c.TagSAMLProvider, &awsiam.TagSAMLProviderInput{SAMLProviderArn: saml, Tags: someTags}, f.saml),
		iamtest.Row(c.ListSAMLProviderTags, &awsiam.ListSAMLProviderTagsInput{SAMLProviderArn: saml}, f.saml),
		iamtest.Row(c.UntagSAMLProvider, &awsiam.UntagSAMLProviderInput{SAMLProviderArn: saml, TagKeys: []string{"a"}}, f.saml),
		iamtest.Row(c.ListSAMLProviders, &awsiam.ListSAMLProvidersInput{}, "*"),
		iamtest.Row(c.TagSAMLProvider, &awsiam.TagSAMLProviderInput{SAMLProviderArn: ghostSAML, Tags: someTags}, f.ghostSAML, "NoSuchEntity", noSAML),
		iamtest.Row(c.UntagSAMLProvider, &awsiam.UntagSAMLProviderInput{SAMLProviderArn: ghostSAML, TagKeys: []string{"a"}}, f.ghostSAML, "NoSuchEntity", noSAML),
		iamtest.Row(c.ListSAMLProviderTags, &awsiam.ListSAMLProviderTagsInput{SAMLProviderArn: ghostSAML}, f.ghostSAML, "NoSuchEntity", noSAML),
		iamtest.Row(c.DeleteSAMLProvider, &awsiam.DeleteSAMLProviderInput{SAMLProviderArn: saml}, f.saml),
	}
}

func (f authzFixture) certificateRows(c *awsiam.Client) []iamtest.Authz {
	ghost, web := str("ghost"), str("web")
	const noCert = "The Server Certificate with name ghost cannot be found."
	return []iamtest.Authz{
		iamtest.Row(c.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: str("new"), Path: str("/p/"),
			CertificateBody: str(f.certPEM), PrivateKey: str(f.keyPEM)}, "server-certificate/p/new"),
		// Authorized on the certificate's ARN, with its path.
		iamtest.Row(c.GetServerCertificate, &awsiam.GetServerCertificateInput{ServerCertificateName: web}, "server-certificate/edge/web"),
		iamtest.Row(c.GetServerCertificate, &awsiam.GetServerCertificateInput{ServerCertificateName: ghost}, "server-certificate/ghost", "NoSuchEntity", noCert),
		iamtest.Row(c.ListServerCertificates, &awsiam.ListServerCertificatesInput{PathPrefix: str("/edge/")}, "server-certificate/edge/"),
		iamtest.Row(c.TagServerCertificate, &awsiam.TagServerCertificateInput{ServerCertificateName: web, Tags: someTags}, "server-certificate/edge/web"),
		iamtest.Row(c.ListServerCertificateTags, &awsiam.ListServerCertificateTagsInput{ServerCertificateName: web}, "server-certificate/edge/web"),
		iamtest.Row(c.UntagServerCertificate, &awsiam.UntagServerCertificateInput{ServerCertificateName: web, TagKeys: []string{"a"}},
			"server-certificate/edge/web"),
		// Authorized on the old and the new name's ARN, here the same.
		iamtest.Row(c.UpdateServerCertificate, &awsiam.UpdateServerCertificateInput{ServerCertificateName: web, NewPath: str("/edge/")},
			"server-certificate/edge/web"),
		iamtest.Row(c.UpdateServerCertificate, &awsiam.UpdateServerCertificateInput{ServerCertificateName: ghost, NewServerCertificateName: str("ghost2")},
			"server-certificate/ghost", "NoSuchEntity", noCert),
		iamtest.Row(c.DeleteServerCertificate, &awsiam.DeleteServerCertificateInput{ServerCertificateName: web}, "server-certificate/edge/web"),
	}
}

func (f authzFixture) credentialRows(c *awsiam.Client) []iamtest.Authz {
	ghost, alice := str("ghost"), str("alice")
	return []iamtest.Authz{
		iamtest.Row(c.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: alice, Password: str("Correct-Horse-9")}, "user/alice"),
		iamtest.Row(c.GetLoginProfile, &awsiam.GetLoginProfileInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: ghost, PasswordResetRequired: aws.Bool(true)}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		// Authorized by its handler, on the caller itself: no password policy lets users change
		// their passwords here. Neither caller has a password.
		iamtest.Row(c.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: str("Correct-Horse-9"), NewPassword: str("Battery-Staple-9")},
			"user/nobody", "NoSuchEntity"),
		iamtest.Row(c.UploadSSHPublicKey, &awsiam.UploadSSHPublicKeyInput{UserName: ghost, SSHPublicKeyBody: str("ssh-ed25519 AAAA")}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GetSSHPublicKey, &awsiam.GetSSHPublicKeyInput{UserName: ghost, SSHPublicKeyId: str("APKAEIBAERJR2EXAMPLE"), Encoding: types.EncodingTypeSsh},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.UpdateSSHPublicKey, &awsiam.UpdateSSHPublicKeyInput{UserName: ghost, SSHPublicKeyId: str("APKAEIBAERJR2EXAMPLE"), Status: types.StatusTypeInactive},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteSSHPublicKey, &awsiam.DeleteSSHPublicKeyInput{UserName: ghost, SSHPublicKeyId: str("APKAEIBAERJR2EXAMPLE")}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListSSHPublicKeys, &awsiam.ListSSHPublicKeysInput{UserName: alice}, "user/alice"),
		iamtest.Row(c.UploadSigningCertificate, &awsiam.UploadSigningCertificateInput{UserName: ghost, CertificateBody: str(f.certPEM)}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.UpdateSigningCertificate, &awsiam.UpdateSigningCertificateInput{UserName: ghost, CertificateId: str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
			Status: types.StatusTypeInactive}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteSigningCertificate, &awsiam.DeleteSigningCertificateInput{UserName: ghost, CertificateId: str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListSigningCertificates, &awsiam.ListSigningCertificatesInput{UserName: alice}, "user/alice"),
		iamtest.Row(c.CreateServiceSpecificCredential, &awsiam.CreateServiceSpecificCredentialInput{UserName: alice, ServiceName: str("codecommit.amazonaws.com")},
			"user/alice"),
		iamtest.Row(c.ListServiceSpecificCredentials, &awsiam.ListServiceSpecificCredentialsInput{AllUsers: aws.Bool(true)}, "user/*"),
		iamtest.Row(c.UpdateServiceSpecificCredential, &awsiam.UpdateServiceSpecificCredentialInput{UserName: ghost, ServiceSpecificCredentialId: str("ACCAEXAMPLE123EXAMPLE"),
			Status: types.StatusTypeInactive}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ResetServiceSpecificCredential, &awsiam.ResetServiceSpecificCredentialInput{UserName: ghost, ServiceSpecificCredentialId: str("ACCAEXAMPLE123EXAMPLE")},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.DeleteServiceSpecificCredential, &awsiam.DeleteServiceSpecificCredentialInput{UserName: ghost, ServiceSpecificCredentialId: str("ACCAEXAMPLE123EXAMPLE")},
			"user/ghost", "NoSuchEntity", noUser),
	}
}

func (f authzFixture) mfaRows(c *awsiam.Client) []iamtest.Authz {
	dev, ghostDev, ghost, alice := str(f.mfa), str(f.ghostMFA), str("ghost"), str("alice")
	codes := func(user *string) *awsiam.EnableMFADeviceInput {
		return &awsiam.EnableMFADeviceInput{UserName: user, SerialNumber: dev, AuthenticationCode1: str("123456"), AuthenticationCode2: str("234567")}
	}
	noDev := "MFA Device with serial number " + f.ghostMFA + " does not exist."
	return []iamtest.Authz{
		iamtest.Row(c.CreateVirtualMFADevice, &awsiam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: str("x"), Path: str("/p/")}, "mfa/p/x"),
		iamtest.Row(c.EnableMFADevice, codes(ghost), "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.EnableMFADevice, codes(alice), "user/alice", "InvalidAuthenticationCode"),
		iamtest.Row(c.ResyncMFADevice, &awsiam.ResyncMFADeviceInput{UserName: alice, SerialNumber: dev, AuthenticationCode1: str("123456"),
			AuthenticationCode2: str("234567")}, "user/alice", "NoSuchEntity"),
		// Without a user name, on the caller.
		iamtest.Row(c.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{SerialNumber: dev}, "user/nobody", "NoSuchEntity"),
		iamtest.Row(c.DeactivateMFADevice, &awsiam.DeactivateMFADeviceInput{UserName: ghost, SerialNumber: dev}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GetMFADevice, &awsiam.GetMFADeviceInput{UserName: alice, SerialNumber: dev}, "user/alice", "NoSuchEntity"),
		iamtest.Row(c.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: alice}, "user/alice"),
		iamtest.Row(c.ListMFADevices, &awsiam.ListMFADevicesInput{UserName: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.ListVirtualMFADevices, &awsiam.ListVirtualMFADevicesInput{}, "mfa/"),
		iamtest.Row(c.TagMFADevice, &awsiam.TagMFADeviceInput{SerialNumber: dev, Tags: someTags}, f.mfa),
		iamtest.Row(c.ListMFADeviceTags, &awsiam.ListMFADeviceTagsInput{SerialNumber: dev}, f.mfa),
		iamtest.Row(c.UntagMFADevice, &awsiam.UntagMFADeviceInput{SerialNumber: dev, TagKeys: []string{"a"}}, f.mfa),
		iamtest.Row(c.UntagMFADevice, &awsiam.UntagMFADeviceInput{SerialNumber: ghostDev, TagKeys: []string{"a"}}, f.ghostMFA, "NoSuchEntity", noDev),
		iamtest.Row(c.DeleteVirtualMFADevice, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: ghostDev}, f.ghostMFA, "NoSuchEntity", noDev),
		iamtest.Row(c.DeleteVirtualMFADevice, &awsiam.DeleteVirtualMFADeviceInput{SerialNumber: dev}, f.mfa),
	}
}

func (f authzFixture) accountRows(c *awsiam.Client) []iamtest.Authz {
	return []iamtest.Authz{
		iamtest.Row(c.CreateAccountAlias, &awsiam.CreateAccountAliasInput{AccountAlias: str("example-corp")}, "*"),
		iamtest.Row(c.ListAccountAliases, &awsiam.ListAccountAliasesInput{}, "*"),
		iamtest.Row(c.DeleteAccountAlias, &awsiam.DeleteAccountAliasInput{AccountAlias: str("example-corp")}, "*"),
		iamtest.Row(c.GetAccountPasswordPolicy, &awsiam.GetAccountPasswordPolicyInput{}, "*", "NoSuchEntity"),
		iamtest.Row(c.DeleteAccountPasswordPolicy, &awsiam.DeleteAccountPasswordPolicyInput{}, "*", "NoSuchEntity"),
		iamtest.Row(c.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(12)}, "*"),
		iamtest.Row(c.GetAccountSummary, &awsiam.GetAccountSummaryInput{}, "*"),
		iamtest.Row(c.GetCredentialReport, &awsiam.GetCredentialReportInput{}, "*", "ReportNotPresent"),
		iamtest.Row(c.GenerateCredentialReport, &awsiam.GenerateCredentialReportInput{}, "*"),
		iamtest.Row(c.SetSecurityTokenServicePreferences, &awsiam.SetSecurityTokenServicePreferencesInput{
			GlobalEndpointTokenVersion: types.GlobalEndpointTokenVersionV2Token}, "*"),
	}
}

func (f authzFixture) policyRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str(f.ghostPol)
	noPolicy, notFound := "Policy "+f.ghostPol+" does not exist or is not attachable.", "Policy "+f.ghostPol+" was not found."
	return []iamtest.Authz{
		iamtest.Row(c.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: str("Mine"), Path: str("/x/"), PolicyDocument: readDoc}, "policy/x/Mine"),
		iamtest.Row(c.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: ghost}, f.ghostPol, "NoSuchEntity", noPolicy),
		iamtest.Row(c.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: str(f.readOnly)}, f.readOnly),
		iamtest.Row(c.ListPolicies, &awsiam.ListPoliciesInput{}, "*"),
		iamtest.Row(c.CreatePolicyVersion, &awsiam.CreatePolicyVersionInput{PolicyArn: ghost, PolicyDocument: readDoc}, f.ghostPol, "NoSuchEntity", noPolicy),
		iamtest.Row(c.GetPolicyVersion, &awsiam.GetPolicyVersionInput{PolicyArn: ghost, VersionId: str("v1")}, f.ghostPol, "NoSuchEntity"),
		iamtest.Row(c.ListPolicyVersions, &awsiam.ListPolicyVersionsInput{PolicyArn: ghost}, f.ghostPol, "NoSuchEntity", noPolicy),
		iamtest.Row(c.SetDefaultPolicyVersion, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: ghost, VersionId: str("v1")}, f.ghostPol, "NoSuchEntity"),
		iamtest.Row(c.DeletePolicyVersion, &awsiam.DeletePolicyVersionInput{PolicyArn: ghost, VersionId: str("v2")}, f.ghostPol, "NoSuchEntity"),
		iamtest.Row(c.TagPolicy, &awsiam.TagPolicyInput{PolicyArn: ghost, Tags: someTags}, f.ghostPol, "NoSuchEntity", notFound),
		iamtest.Row(c.UntagPolicy, &awsiam.UntagPolicyInput{PolicyArn: ghost, TagKeys: []string{"a"}}, f.ghostPol, "NoSuchEntity", notFound),
		iamtest.Row(c.ListPolicyTags, &awsiam.ListPolicyTagsInput{PolicyArn: ghost}, f.ghostPol, "NoSuchEntity", notFound),
		iamtest.Row(c.ListEntitiesForPolicy, &awsiam.ListEntitiesForPolicyInput{PolicyArn: ghost}, f.ghostPol, "NoSuchEntity", noPolicy),
		iamtest.Row(c.DeletePolicy, &awsiam.DeletePolicyInput{PolicyArn: ghost}, f.ghostPol, "NoSuchEntity", notFound),
		iamtest.Row(c.GetAccountAuthorizationDetails, &awsiam.GetAccountAuthorizationDetailsInput{}, "*"),
		iamtest.Row(c.ListPoliciesGrantingServiceAccess, &awsiam.ListPoliciesGrantingServiceAccessInput{Arn: str("arn:aws:iam::" + f.acct + ":user/ghost"),
			ServiceNamespaces: []string{"s3"}}, "user/ghost", "NoSuchEntity", noUser),
	}
}

func (f authzFixture) analysisRows(c *awsiam.Client) []iamtest.Authz {
	ghost := str("arn:aws:iam::" + f.acct + ":user/ghost")
	return []iamtest.Authz{
		iamtest.Row(c.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{*readDoc}, ActionNames: []string{"iam:GetUser"}}, "*"),
		iamtest.Row(c.SimulatePrincipalPolicy, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: ghost, ActionNames: []string{"iam:GetUser"}},
			"user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GetContextKeysForCustomPolicy, &awsiam.GetContextKeysForCustomPolicyInput{PolicyInputList: []string{*readDoc}}, "*"),
		iamtest.Row(c.GetContextKeysForPrincipalPolicy, &awsiam.GetContextKeysForPrincipalPolicyInput{PolicySourceArn: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: ghost}, "user/ghost", "NoSuchEntity", noUser),
		iamtest.Row(c.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: str("examplef-1305-c245-eba4-71fe298bcda7")}, "*", "NoSuchEntity"),
		iamtest.Row(c.GetServiceLastAccessedDetailsWithEntities, &awsiam.GetServiceLastAccessedDetailsWithEntitiesInput{
			JobId: str("examplef-1305-c245-eba4-71fe298bcda7"), ServiceNamespace: str("iam")}, "*", "NoSuchEntity"),
		iamtest.Row(c.GetOutboundWebIdentityFederationInfo, &awsiam.GetOutboundWebIdentityFederationInfoInput{}, "*", "FeatureDisabled"),
		iamtest.Row(c.EnableOutboundWebIdentityFederation, &awsiam.EnableOutboundWebIdentityFederationInput{}, "*"),
		iamtest.Row(c.DisableOutboundWebIdentityFederation, &awsiam.DisableOutboundWebIdentityFederationInput{}, "*"),
	}
}

func (f authzFixture) organizationRows(c *awsiam.Client) []iamtest.Authz {
	return []iamtest.Authz{
		iamtest.Row(c.ListOrganizationsFeatures, &awsiam.ListOrganizationsFeaturesInput{}, "*", "OrganizationNotFoundException"),
		iamtest.Row(c.EnableOrganizationsRootCredentialsManagement, &awsiam.EnableOrganizationsRootCredentialsManagementInput{}, "*", "OrganizationNotFoundException"),
		iamtest.Row(c.DisableOrganizationsRootCredentialsManagement, &awsiam.DisableOrganizationsRootCredentialsManagementInput{}, "*", "OrganizationNotFoundException"),
		iamtest.Row(c.EnableOrganizationsRootSessions, &awsiam.EnableOrganizationsRootSessionsInput{}, "*", "OrganizationNotFoundException"),
		iamtest.Row(c.DisableOrganizationsRootSessions, &awsiam.DisableOrganizationsRootSessionsInput{}, "*", "OrganizationNotFoundException"),
		iamtest.Row(c.GenerateOrganizationsAccessReport, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: str("o-a1b2c3d4e5/r-f6g7h8i9j0example")},
			"access-report/o-a1b2c3d4e5/r-f6g7h8i9j0example"),
		iamtest.Row(c.GetOrganizationsAccessReport, &awsiam.GetOrganizationsAccessReportInput{JobId: str("examplea-1305-c245-eba4-71fe298bcda7")}, "*", "NoSuchEntity"),
	}
}

// rename is a row of TestRenameNeedsBothNames: the entity's resource before, a call renaming or
// moving it whose resource is the entity's new ARN, and a read of it by its old name.
type rename struct {
	old  string
	row  func(c *awsiam.Client) iamtest.Authz
	read func(t *testing.T) error
}

// TestRenameNeedsBothNames: an operation that renames or moves an entity (its row authorizes
// its own action again, in Also) is authorized on the entity's ARN and on its new one, as AWS
// documents for UpdateUser, UpdateGroup and UpdateServerCertificate. A caller allowed only on
// the old ARN is refused, naming the new one, and the entity stays as it was; a caller allowed
// on both renames it. Every operation of the table that re-authorizes its action has a row.
func TestRenameNeedsBothNames(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	fx := authzFixture{acct: s.AccountID()}
	for _, name := range []string{"alice", "bob"} {
		iamtest.MustCreateUser(t, root, name)
	}
	iamtest.MustCreateGroup(t, root, "devs", "")
	leaf := fedtest.NewRootCA(t, "Rename CA").Issue(t, fedtest.Options{RSA: true})
	iamtest.Must(t, root.UploadServerCertificate, &awsiam.UploadServerCertificateInput{ServerCertificateName: str("web"),
		CertificateBody: str(string(fedtest.PEM(leaf.Cert))), PrivateKey: str(string(fedtest.KeyPEM(t, leaf.Key)))})
	renames := []rename{
		{"user/alice", func(c *awsiam.Client) iamtest.Authz {
			return iamtest.Row(c.UpdateUser, &awsiam.UpdateUserInput{UserName: str("alice"), NewUserName: str("alicia")}, "user/alicia")
		}, read(root.GetUser, &awsiam.GetUserInput{UserName: str("alice")})},
		{"user/bob", func(c *awsiam.Client) iamtest.Authz {
			return iamtest.Row(c.UpdateUser, &awsiam.UpdateUserInput{UserName: str("bob"), NewPath: str("/archive/")}, "user/archive/bob")
		}, read(root.GetUser, &awsiam.GetUserInput{UserName: str("bob")})},
		{"group/devs", func(c *awsiam.Client) iamtest.Authz {
			return iamtest.Row(c.UpdateGroup, &awsiam.UpdateGroupInput{GroupName: str("devs"), NewGroupName: str("developers")}, "group/developers")
		}, read(root.GetGroup, &awsiam.GetGroupInput{GroupName: str("devs")})},
		{"server-certificate/web", func(c *awsiam.Client) iamtest.Authz {
			return iamtest.Row(c.UpdateServerCertificate, &awsiam.UpdateServerCertificateInput{ServerCertificateName: str("web"),
				NewServerCertificateName: str("web2"), NewPath: str("/archive/")}, "server-certificate/archive/web2")
		}, read(root.GetServerCertificate, &awsiam.GetServerCertificateInput{ServerCertificateName: str("web")})},
	}
	infos := operationInfos()
	covered := map[string]bool{}
	for i, r := range renames {
		op := r.row(nil).Op
		covered[op] = true
		t.Run(op, func(t *testing.T) {
			action := infos[op].Action
			oldOnly := s.NewUser(t, fmt.Sprintf("old-only-%d", i), stacktest.Policy("Allow", []string{action}, fx.arn(r.old)))
			err := r.row(s.IAM(oldOnly)).Call(t.Context())
			stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(oldOnly.ARN, action, fx.arn(r.row(nil).Resource)))
			if err := r.read(t); err != nil {
				t.Errorf("after the refused call, the entity by its old name: %v", err)
			}
			both := s.NewUser(t, fmt.Sprintf("both-%d", i), stacktest.Policy("Allow", []string{action}, fx.arn(r.old), fx.arn(r.row(nil).Resource)))
			if err := r.row(s.IAM(both)).Call(t.Context()); err != nil {
				t.Errorf("allowed on both ARNs: %v", err)
			}
		})
	}
	for name, info := range infos {
		if slices.Contains(info.Also, info.Action) && !covered[name] {
			t.Errorf("%s authorizes %s again (a rename) but has no row here", name, info.Action)
		}
	}
}

// read is a call of op with in, as root, for its error alone.
func read[In, Out, O any](op iamtest.Op[In, Out, O], in *In) func(t *testing.T) error {
	return func(t *testing.T) error {
		_, err := op(t.Context(), in)
		return err
	}
}

// arn is the whole ARN of a resource in the fixture's account ("user/alice").
func (f authzFixture) arn(resource string) string { return "arn:aws:iam::" + f.acct + ":" + resource }
