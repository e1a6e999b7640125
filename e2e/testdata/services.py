"""The JSON-protocol services through boto3: routed, validated and answered in each protocol's shape.

Organizations and CloudTrail speak awsJson1_1, Access Analyzer and Roles Anywhere restJson1; each answers
in its protocol's shape (Organizations' errors with their Reason, Access Analyzer's with reason and fieldList). A service Gatehouse does not serve (KMS) gets an
error naming it. botocore checks types and minimum lengths only, so pattern violations reach the server.
"""

from botocore.exceptions import ClientError

import gh

steps = []


def call(name, fn, **kwargs):
    try:
        fn(**kwargs)
        steps.append({"step": name, "code": "ok"})
    except ClientError as e:
        r = e.response
        steps.append(
            {
                "step": name,
                "code": r.get("Error", {}).get("Code", ""),
                "message": r.get("Error", {}).get("Message", ""),
                "status": r.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
                # modelled members of the error, which botocore parses into the response
                "reason": r.get("Reason", r.get("reason", "")),
                "fields": [f.get("name", "") for f in r.get("fieldList", [])],
            }
        )


org = gh.client("organizations")
call("organizations describe_organization", org.describe_organization)
call("organizations describe_account 123", org.describe_account, AccountId="123")
call("organizations list_accounts", org.list_accounts, MaxResults=5)

ct = gh.client("cloudtrail")
call("cloudtrail lookup_events", ct.lookup_events, MaxResults=5)

aa = gh.client("accessanalyzer")
call("accessanalyzer get_analyzer nothing", aa.get_analyzer, analyzerName="nothing")
call("accessanalyzer get_analyzer 9bad", aa.get_analyzer, analyzerName="9bad")

ra = gh.client("rolesanywhere")
call("rolesanywhere list_profiles", ra.list_profiles)
call("rolesanywhere get_profile zzz…", ra.get_profile, profileId="z" * 36)

kms = gh.client("kms")
call("kms list_keys", kms.list_keys)

gh.emit({"steps": steps})
