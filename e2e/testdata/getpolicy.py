"""GetUserPolicy through boto3, which decodes the URL-encoded document into a dict itself."""

import os

import gh

out = gh.client("iam").get_user_policy(UserName=os.environ["GH_USER"], PolicyName=os.environ["GH_POLICY"])
doc = out["PolicyDocument"]
gh.emit({"document": doc, "type": "dict" if isinstance(doc, dict) else type(doc).__name__})
