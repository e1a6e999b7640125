"""Presigned URLs from boto3's generate_presigned_url, sent by a party with no credentials of its
own (urllib), as Vault's AWS auth method and Kubernetes' aws-iam-authenticator send them.

For every operation of the IAM and STS models that is signed at all (parameter validation off,
so each is presigned with no parameters), two URLs: one signed for GET (HttpMethod="GET", the form `aws eks get-token`
uses) and sent as a GET, and boto3's default, signed for POST, sent as a POST with an empty body.
Each answer is recorded by its HTTP status and error code. Then the identity proof itself: a
presigned GetCallerIdentity (GET, with the x-k8s-aws-id header signed as aws-iam-authenticator
signs it), its answer's Arn, and the default POST-signed URL sent as a GET.
"""

import os
import re
import urllib.error
import urllib.request

import gh
from botocore.config import Config

EXPIRES = 900


def send(url, method, headers=None):
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, "", resp.read().decode()
    except urllib.error.HTTPError as e:
        body = e.read().decode()
        m = re.search(r"<Code>([^<]*)</Code>", body)
        return e.code, m.group(1) if m else "", body


def client(service):
    config = gh.CONFIG.merge(Config(parameter_validation=False))
    return gh.session().client(service, endpoint_url=gh.URL, config=config)


answers = []
for service in ("iam", "sts"):
    c = client(service)
    for op in c.meta.service_model.operation_names:
        if c.meta.service_model.operation_model(op).auth_type == "none":
            continue  # AssumeRoleWithWebIdentity, AssumeRoleWithSAML: nothing to sign
        py = next(k for k, v in c.meta.method_to_api_mapping.items() if v == op)
        for signed_for in ("GET", "POST"):
            kwargs = {"ExpiresIn": EXPIRES}
            if signed_for == "GET":
                kwargs["HttpMethod"] = "GET"
            url = c.generate_presigned_url(py, Params={}, **kwargs)
            status, code, _ = send(url, signed_for)
            answers.append({"service": service, "operation": op, "method": signed_for, "status": status, "code": code})

sts = client("sts")


def k8s_header(request, **_):
    request.headers["x-k8s-aws-id"] = "gatehouse-cluster"


sts.meta.events.register("before-sign.sts.GetCallerIdentity", k8s_header)
url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=EXPIRES, HttpMethod="GET")
status, code, body = send(url, "GET", {"x-k8s-aws-id": "gatehouse-cluster"})
m = re.search(r"<Arn>([^<]*)</Arn>", body)
identity = {"status": status, "code": code, "arn": m.group(1) if m else "",
            "signed_headers": re.search(r"X-Amz-SignedHeaders=([^&]*)", url).group(1)}
# The same URL without the signed header it names.
status, code, _ = send(url, "GET")
identity_without_header = {"status": status, "code": code}

# boto3's default presigns the query protocol's POST; AWS refuses that URL sent as a GET.
default_url = client("sts").generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=EXPIRES)
status, code, _ = send(default_url, "GET")
post_url_as_get = {"status": status, "code": code}

gh.emit({"answers": answers, "identity": identity, "identity_without_header": identity_without_header,
         "post_url_as_get": post_url_as_get})
