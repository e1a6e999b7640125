"""AssumeRoleWithWebIdentity with boto3, unsigned as boto3 sends it: the token in TOKEN directly,
the refusals of BAD_TOKENS (a JSON object of name → token), and the profile USE_PROFILE of
AWS_CONFIG_FILE (role_arn + web_identity_token_file), whose credentials boto3 obtains itself."""

import json
import os

import boto3

import gh

sts = gh.client("sts")
rec = gh.Recorder()
role = os.environ["ROLE_ARN"]
out = rec.call("direct", sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="boto3",
               WebIdentityToken=os.environ["TOKEN"])
result = {"Steps": rec.steps}
if out:
    result["Direct"] = {k: out[k] for k in ("SubjectFromWebIdentityToken", "Audience", "Provider")}
    result["Direct"]["Arn"] = out["AssumedRoleUser"]["Arn"]
for name, token in sorted(json.loads(os.environ["BAD_TOKENS"]).items()):
    rec.call(name, sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="boto3", WebIdentityToken=token)

session = boto3.session.Session(profile_name=os.environ["USE_PROFILE"])
result["ProfileArn"] = session.client("sts", config=gh.CONFIG).get_caller_identity()["Arn"]
result["ProfileUsers"] = len(session.client("iam", config=gh.CONFIG).list_users()["Users"])
gh.emit(result)
