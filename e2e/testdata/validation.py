"""Server-side validation seen through boto3 (botocore checks only types and minimum lengths)."""

import gh

rec = gh.Recorder()
iam = gh.client("iam")
rec.call("create_user 65 characters", iam.create_user, UserName="a" * 65)
rec.call("create_user path eng", iam.create_user, UserName="pat", Path="eng")
rec.call("create_user olivia", iam.create_user, UserName="olivia")
gh.emit({"steps": rec.steps})
