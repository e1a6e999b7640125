"""Shared helpers for the boto3 end-to-end scripts.

Every script reads the server's URL from GATEHOUSE_URL and its credentials from the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, and prints one JSON object on stdout that the
Go test decodes and checks. Scripts never decide pass or fail themselves.
"""

import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = os.environ["GATEHOUSE_URL"]
ACCOUNT = os.environ.get("GATEHOUSE_ACCOUNT", "")
REGION = "us-east-1"

# One attempt per call: every answer recorded is the server's first.
CONFIG = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def session(key_id=None, secret=None):
    """A session with the given key, or the environment's when none is given."""
    if key_id is None:
        return boto3.session.Session(region_name=REGION)
    return boto3.session.Session(
        aws_access_key_id=key_id, aws_secret_access_key=secret, region_name=REGION
    )


def client(service, key_id=None, secret=None):
    return session(key_id, secret).client(service, endpoint_url=URL, config=CONFIG)


class Recorder:
    """Runs calls, records each one's outcome (code "ok" or the AWS error code) in order."""

    def __init__(self):
        self.steps = []

    def call(self, name, fn, **kwargs):
        try:
            out = fn(**kwargs)
        except ClientError as e:
            self.steps.append(
                {
                    "step": name,
                    "code": e.response.get("Error", {}).get("Code", ""),
                    "message": e.response.get("Error", {}).get("Message", ""),
                    "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
                }
            )
            return None
        self.steps.append(
            {
                "step": name,
                "code": "ok",
                "status": out.get("ResponseMetadata", {}).get("HTTPStatusCode", 0),
            }
        )
        return out


def emit(result):
    json.dump(result, sys.stdout, default=str, indent=1, sort_keys=True)
    sys.stdout.write("\n")
