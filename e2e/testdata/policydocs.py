"""Policy documents IAM accepts or refuses, sent through boto3 (CreatePolicy, PutUserPolicy).

The documents and AWS's answers come from recorded CreatePolicy responses (see the Go test);
the script only records what the server answers.
"""

import json

import gh

rec = gh.Recorder()
iam = gh.client("iam")

BUCKET = "arn:aws:s3:::example_bucket"


def doc(statement, version="2012-10-17"):
    d = {"Statement": statement}
    if version:
        d["Version"] = version
    return json.dumps(d)


LIST = {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET}

rec.call("create_policy without Version", iam.create_policy, PolicyName="v", PolicyDocument=doc(LIST, None))
rec.call("put_user_policy without Version", iam.put_user_policy, UserName="bo", PolicyName="v",
         PolicyDocument=doc(LIST, None))
rec.call("create_policy aLLow and a duplicate Sid", iam.create_policy, PolicyName="l",
         PolicyDocument=doc([dict(LIST, Sid="sdf", Effect="aLLow"), {"Sid": "sdf", "Effect": "Allow"}]))
rec.call("create_policy partition error", iam.create_policy, PolicyName="p",
         PolicyDocument=doc(dict(LIST, Resource=["arn:error:s3:::example_bucket", "arn:error:s3::example_bucket"])))
rec.call("create_policy odd but accepted", iam.create_policy, PolicyName="ok",
         PolicyDocument=doc(dict(LIST, Resource="arn:aws:fdsasf",
                                 Condition={"DateGreaterThan": {"a": "01T"}, "x": {}})))
gh.emit({"steps": rec.steps})
