"""Authentication failures seen through boto3: wrong secret, unknown key, no signature."""

import os
import random
import string

import botocore
from botocore.config import Config

import gh

key_id = os.environ["AWS_ACCESS_KEY_ID"]
wrong = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(40))
unknown = "AKIA" + "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))

rec = gh.Recorder()
rec.call("iam list_users, wrong secret", gh.client("iam", key_id, wrong).list_users)
rec.call("sts get_caller_identity, wrong secret", gh.client("sts", key_id, wrong).get_caller_identity)
rec.call("iam list_users, unknown key", gh.client("iam", unknown, wrong).list_users)
rec.call("sts get_caller_identity, unknown key", gh.client("sts", unknown, wrong).get_caller_identity)
unsigned = gh.session().client(
    "iam",
    endpoint_url=gh.URL,
    config=gh.CONFIG.merge(Config(signature_version=botocore.UNSIGNED)),
)
rec.call("iam list_users, unsigned", unsigned.list_users)
rec.call("iam list_users, right key", gh.client("iam").list_users)
gh.emit({"steps": rec.steps})
