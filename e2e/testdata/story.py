"""The issue's story with boto3: a user on a path, its key denied, granted, deactivated, deleted."""

import json

import gh

rec = gh.Recorder()
iam = gh.client("iam")

user = rec.call("create_user carol", iam.create_user, UserName="carol", Path="/engineering/")
key = rec.call("create_access_key carol", iam.create_access_key, UserName="carol")["AccessKey"]
carol_iam = gh.client("iam", key["AccessKeyId"], key["SecretAccessKey"])
carol_sts = gh.client("sts", key["AccessKeyId"], key["SecretAccessKey"])

rec.call("carol create_user dave", carol_iam.create_user, UserName="dave")
rec.call("delete_user carol with a key", iam.delete_user, UserName="carol")

policy = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "iam:CreateUser",
            "Resource": "arn:aws:iam::%s:user/*" % gh.ACCOUNT,
        }
    ],
}
rec.call(
    "put_user_policy carol",
    iam.put_user_policy,
    UserName="carol",
    PolicyName="create-users",
    PolicyDocument=json.dumps(policy),
)
rec.call("carol create_user dave again", carol_iam.create_user, UserName="dave")

rec.call(
    "update_access_key Inactive",
    iam.update_access_key,
    UserName="carol",
    AccessKeyId=key["AccessKeyId"],
    Status="Inactive",
)
keys = rec.call("list_access_keys carol", iam.list_access_keys, UserName="carol")
rec.call("carol create_user erin", carol_iam.create_user, UserName="erin")
rec.call("carol get_caller_identity", carol_sts.get_caller_identity)

rec.call("delete_access_key", iam.delete_access_key, UserName="carol", AccessKeyId=key["AccessKeyId"])
rec.call("delete_user carol with a policy", iam.delete_user, UserName="carol")
rec.call("delete_user_policy", iam.delete_user_policy, UserName="carol", PolicyName="create-users")
rec.call("delete_user carol", iam.delete_user, UserName="carol")
rec.call("get_user carol", iam.get_user, UserName="carol")

statuses = [k["Status"] for k in (keys or {}).get("AccessKeyMetadata", [])]
gh.emit(
    {
        "steps": rec.steps,
        "user_arn": (user or {}).get("User", {}).get("Arn", ""),
        "key_status_after_update": statuses[0] if len(statuses) == 1 else repr(statuses),
        "secret": {"SecretAccessKey": key["SecretAccessKey"]},
    }
)
