"""STS GetCallerIdentity through boto3, either at GATEHOUSE_URL or, with USE_PROFILE=NAME, at
whatever endpoint that profile in AWS_CONFIG_FILE names."""

import os

import boto3

import gh

profile = os.environ.get("USE_PROFILE")
if profile:
    sts = boto3.session.Session(profile_name=profile).client("sts", config=gh.CONFIG)
else:
    sts = gh.client("sts")
out = sts.get_caller_identity()
gh.emit({k: out[k] for k in ("UserId", "Account", "Arn")})
