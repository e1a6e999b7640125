"""With the profile USE_PROFILE from AWS_CONFIG_FILE (a role_arn + source_profile profile, whose
credentials boto3 obtains itself with STS AssumeRole, prompting on stdin for an MFA code when the
profile has mfa_serial): who the session is and the users IAM lists for it."""

import os

import boto3

import gh

session = boto3.session.Session(profile_name=os.environ["USE_PROFILE"])
ident = session.client("sts", config=gh.CONFIG).get_caller_identity()
users = session.client("iam", config=gh.CONFIG).list_users()
gh.emit(
    {
        "Arn": ident["Arn"],
        "UserId": ident["UserId"],
        "Users": sorted(u["UserName"] for u in users["Users"]),
    }
)
