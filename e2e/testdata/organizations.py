"""AWS Organizations through boto3, as a platform team uses it: the management account's
administrator (the environment's key) creates an organization, a member account in an OU, turns
on SCPs and RCPs, fences the member with an SCP and the member's role with an RCP, and records
what each principal may then do: the member's administrator (through OrganizationAccountAccessRole),
the management account (exempt), a role trusting aws:PrincipalOrgID, an outside account's user, and
an account that left the organization, and the member after it leaves too."""

import json

import boto3

import gh

DENY_CREATE_USER = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]})

rec = gh.Recorder()
org = gh.client("organizations")
iam = gh.client("iam")
sts = gh.client("sts")


def as_session(creds):
    s = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                              aws_session_token=creds["SessionToken"], region_name=gh.REGION)
    return lambda svc: s.client(svc, endpoint_url=gh.URL, config=gh.CONFIG)


o = org.create_organization(FeatureSet="ALL")["Organization"]
org_id = o["Id"]
root = org.list_roots()["Roots"][0]["Id"]
ou = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
status = org.create_account(AccountName="dev", Email="dev@example.com")["CreateAccountStatus"]
member = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]
org.move_account(AccountId=member, SourceParentId=root, DestinationParentId=ou)
org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
org.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")

admin = as_session(sts.assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member,
                                   RoleSessionName="admin")["Credentials"])
rec.call("member-create-user-before", admin("iam").create_user, UserName="before")

scp = org.create_policy(Name="no-users", Description="", Type="SERVICE_CONTROL_POLICY",
                        Content=DENY_CREATE_USER)["Policy"]["PolicySummary"]["Id"]
org.attach_policy(PolicyId=scp, TargetId=ou)
rec.call("member-create-user-fenced", admin("iam").create_user, UserName="fenced")
rec.call("management-create-user-exempt", iam.create_user, UserName="exempt")

trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}}]})
role = admin("iam").create_role(RoleName="org-only", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
rec.call("insider-assume-org-only", sts.assume_role, RoleArn=role, RoleSessionName="insider")

# An account that was in the organization and left: outside it, administered through its role.
left = org.describe_create_account_status(CreateAccountRequestId=org.create_account(
    AccountName="partner", Email="partner@example.com")["CreateAccountStatus"]["Id"])["CreateAccountStatus"]["AccountId"]
partner_role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % left
partner_creds = sts.assume_role(RoleArn=partner_role, RoleSessionName="partner")["Credentials"]
org.remove_account_from_organization(AccountId=left)
partner = as_session(partner_creds)("sts")
rec.call("outsider-assume-org-only", partner.assume_role, RoleArn=role, RoleSessionName="outsider")

open_trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                         "Principal": {"AWS": partner_role}, "Action": "sts:AssumeRole"}]})
open_role = admin("iam").create_role(RoleName="partner", AssumeRolePolicyDocument=open_trust)["Role"]["Arn"]
rec.call("partner-assume-before-rcp", partner.assume_role, RoleArn=open_role, RoleSessionName="partner")
rcp = org.create_policy(Name="org-only", Description="", Type="RESOURCE_CONTROL_POLICY", Content=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                                            "Resource": "*", "Condition": {
                                                "StringNotEqualsIfExists": {"aws:PrincipalOrgID": org_id}}}]}))
org.attach_policy(PolicyId=rcp["Policy"]["PolicySummary"]["Id"], TargetId=member)
rec.call("partner-assume-after-rcp", partner.assume_role, RoleArn=open_role, RoleSessionName="partner")

org.remove_account_from_organization(AccountId=member)
rec.call("departed-create-user", admin("iam").create_user, UserName="departed")

gh.emit({"org": org_id, "member": member, "steps": rec.steps})
