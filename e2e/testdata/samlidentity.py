"""AssumeRoleWithSAML with boto3, unsigned as boto3 sends it: RESPONSES is a JSON object of
name → base64 SAML response, each sent for ROLE_ARN through PROVIDER_ARN; the answer's fields
for the successful ones, the error code of the others."""

import json
import os

import boto3

import gh

sts = gh.client("sts")
rec = gh.Recorder()
answers = {}
for name, response in sorted(json.loads(os.environ["RESPONSES"]).items()):
    out = rec.call(name, sts.assume_role_with_saml, RoleArn=os.environ["ROLE_ARN"],
                   PrincipalArn=os.environ["PROVIDER_ARN"], SAMLAssertion=response)
    if out:
        answers[name] = {k: out[k] for k in ("Subject", "SubjectType", "Issuer", "Audience", "NameQualifier")}
        answers[name]["Arn"] = out["AssumedRoleUser"]["Arn"]
        c = out["Credentials"]
        session = boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                        aws_session_token=c["SessionToken"], region_name=gh.REGION)
        answers[name]["Caller"] = session.client("sts", endpoint_url=gh.URL, config=gh.CONFIG).get_caller_identity()["Arn"]
gh.emit({"Steps": rec.steps, "Answers": answers})
