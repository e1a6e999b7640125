"""AWS Organizations delegation through boto3: the management account's administrator (the
environment's key) registers a member account as a delegated administrator, lets it manage tag
policies with a resource-based delegation policy, and fences web identity federation into the
member's roles with an RCP. Records what the member's administrator (through
OrganizationAccountAccessRole) may then do, and which web identity subjects may assume the
member's role. The OIDC issuer and its tokens come from the Go test (ISSUER_URL, THUMBPRINT,
GOOD_TOKEN for repo:acme/app, EVIL_TOKEN for repo:evil/app)."""

import json
import os

import boto3
import botocore
from botocore.config import Config

import gh

rec = gh.Recorder()
org = gh.client("organizations")
sts = gh.client("sts")


def as_session(creds):
    s = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                              aws_session_token=creds["SessionToken"], region_name=gh.REGION)
    return lambda svc: s.client(svc, endpoint_url=gh.URL, config=gh.CONFIG)


org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
root = org.list_roots()["Roots"][0]["Id"]
status = org.create_account(AccountName="security", Email="security@example.com")["CreateAccountStatus"]
member = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]
admin = as_session(sts.assume_role(RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member,
                                   RoleSessionName="admin")["Credentials"])
morg = admin("organizations")

# Delegated administrator: read-only access to the organization, nothing more.
rec.call("member-list-accounts-before", morg.list_accounts)
rec.call("register-without-trusted-access", org.register_delegated_administrator, AccountId=member,
         ServicePrincipal="config.amazonaws.com")
org.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
rec.call("register", org.register_delegated_administrator, AccountId=member, ServicePrincipal="config.amazonaws.com")
rec.call("register-again", org.register_delegated_administrator, AccountId=member,
         ServicePrincipal="config.amazonaws.com")
admins = org.list_delegated_administrators()["DelegatedAdministrators"]
services = org.list_delegated_services_for_account(AccountId=member)["DelegatedServices"]
rec.call("delegated-list-accounts", morg.list_accounts)
rec.call("delegated-create-policy-without-delegation", morg.create_policy, Name="tags", Description="",
         Type="TAG_POLICY", Content=json.dumps({"tags": {}}))

# The delegation policy lets the member manage tag policies.
delegation = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "TagPolicies", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % member},
    "Action": ["organizations:CreatePolicy", "organizations:DescribePolicy", "organizations:AttachPolicy"],
    "Resource": "*"}]})
rec.call("put-resource-policy-organizations-star", org.put_resource_policy, Content=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": member},
                                            "Action": "organizations:*", "Resource": "*"}]}))
rp = rec.call("put-resource-policy", org.put_resource_policy, Content=delegation)
org.enable_policy_type(RootId=root, PolicyType="TAG_POLICY")
created = rec.call("delegated-create-policy", morg.create_policy, Name="tags", Description="",
                   Type="TAG_POLICY", Content=json.dumps({"tags": {"team": {"tag_key": {"@@assign": "Team"}}}}))
if created:
    rec.call("delegated-attach-policy", morg.attach_policy, PolicyId=created["Policy"]["PolicySummary"]["Id"],
             TargetId=member)
effective = admin("organizations").describe_effective_policy(PolicyType="TAG_POLICY")["EffectivePolicy"]
rec.call("member-put-resource-policy", morg.put_resource_policy, Content=delegation)
rec.call("member-create-account", morg.create_account, AccountName="x", Email="x@example.com")
org.deregister_delegated_administrator(AccountId=member, ServicePrincipal="config.amazonaws.com")
org.delete_resource_policy()
rec.call("member-list-accounts-after", morg.list_accounts)
rec.call("describe-resource-policy-deleted", org.describe_resource_policy)

# Web identity into the member's role, fenced by an RCP.
miam = admin("iam")
provider = miam.create_open_id_connect_provider(Url=os.environ["ISSUER_URL"], ClientIDList=["sts.amazonaws.com"],
                                                ThumbprintList=[os.environ["THUMBPRINT"]])["OpenIDConnectProviderArn"]
pid = os.environ["ISSUER_URL"].replace("https://", "")
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {pid + ":aud": "sts.amazonaws.com"}}}]})
role = miam.create_role(RoleName="ci", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
anon = boto3.session.Session(region_name=gh.REGION).client(
    "sts", endpoint_url=gh.URL, config=gh.CONFIG.merge(Config(signature_version=botocore.UNSIGNED)))


def assume(step, token):
    rec.call(step, anon.assume_role_with_web_identity, RoleArn=role, RoleSessionName="ci", WebIdentityToken=token)


assume("web-evil-before-rcp", os.environ["EVIL_TOKEN"])
org.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")
rcp = org.create_policy(Name="acme-only", Description="", Type="RESOURCE_CONTROL_POLICY", Content=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
                                            "Resource": "*",
                                            "Condition": {"StringNotLike": {pid + ":sub": "repo:acme/*"}}}]}))
org.attach_policy(PolicyId=rcp["Policy"]["PolicySummary"]["Id"], TargetId=root)
assume("web-evil-after-rcp", os.environ["EVIL_TOKEN"])
assume("web-acme-after-rcp", os.environ["GOOD_TOKEN"])

gh.emit({"org": org_id, "member": member, "steps": rec.steps, "admins": [a["Id"] for a in admins],
         "services": [s["ServicePrincipal"] for s in services], "effective": effective["PolicyContent"],
         "resourcePolicyArn": (rp or {}).get("ResourcePolicy", {}).get("ResourcePolicySummary", {}).get("Arn", "")})
