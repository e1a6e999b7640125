"""IAM Roles Anywhere's control plane through boto3: trust anchors and profiles created, listed,
updated, enabled, tagged, their notification settings put and reset, deleted; and AWS's refusals.

Reads CA_PEM (a test CA's certificate) and LEAF_PEM (an end-entity certificate, not a CA).
"""

import json
import os

import gh

ra = gh.client("rolesanywhere")
iam = gh.client("iam")
rec = gh.Recorder()
CA, LEAF = os.environ["CA_PEM"], os.environ["LEAF_PEM"]
bundle = lambda pem: {"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": pem}}
out = {}


def call(step, fn, **kw):
    """rec.call, for operations with a member called name (Recorder.call's own first parameter)."""
    return rec.call(step, lambda: fn(**kw))


trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
         "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]}
role = iam.create_role(RoleName="workload", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

ta = call("create_trust_anchor", ra.create_trust_anchor, name="ci", source=bundle(CA),
              tags=[{"key": "team", "value": "platform"}],
              notificationSettings=[{"enabled": True, "event": "END_ENTITY_CERTIFICATE_EXPIRY", "threshold": 7}])["trustAnchor"]
anchor_id, anchor_arn = ta["trustAnchorId"], ta["trustAnchorArn"]
out["created"] = {"enabled": ta["enabled"], "sourceType": ta["source"]["sourceType"],
                  "notifications": sorted([n["event"], n["threshold"], n["configuredBy"]] for n in ta["notificationSettings"])}
pr = call("create_profile", ra.create_profile, name="ci", roleArns=[role], durationSeconds=900, enabled=True)["profile"]
profile_id = pr["profileId"]
out["profile"] = {"roleArns": pr["roleArns"], "durationSeconds": pr["durationSeconds"], "enabled": pr["enabled"]}

out["anchors"] = [a["name"] for a in call("list_trust_anchors", ra.list_trust_anchors)["trustAnchors"]]
out["profiles"] = [p["name"] for p in call("list_profiles", ra.list_profiles)["profiles"]]
out["renamed"] = call("update_trust_anchor", ra.update_trust_anchor, trustAnchorId=anchor_id, name="ci-renamed")["trustAnchor"]["name"]
out["enabled"] = call("enable_trust_anchor", ra.enable_trust_anchor, trustAnchorId=anchor_id)["trustAnchor"]["enabled"]
out["duration"] = call("update_profile", ra.update_profile, profileId=profile_id, durationSeconds=1800)["profile"]["durationSeconds"]

put = call("put_notification_settings", ra.put_notification_settings, trustAnchorId=anchor_id,
               notificationSettings=[{"enabled": False, "event": "CA_CERTIFICATE_EXPIRY", "threshold": 10}])["trustAnchor"]
out["put"] = sorted([n["event"], n["enabled"], n["threshold"], n["configuredBy"]] for n in put["notificationSettings"])
reset = call("reset_notification_settings", ra.reset_notification_settings, trustAnchorId=anchor_id,
                 notificationSettingKeys=[{"event": "CA_CERTIFICATE_EXPIRY"}])["trustAnchor"]
out["reset"] = sorted([n["event"], n["enabled"], n["threshold"], n["configuredBy"]] for n in reset["notificationSettings"])

call("tag_resource", ra.tag_resource, resourceArn=anchor_arn, tags=[{"key": "env", "value": "prod"}])
out["tags"] = sorted([t["key"], t["value"]] for t in call("list_tags_for_resource", ra.list_tags_for_resource, resourceArn=anchor_arn)["tags"])
call("untag_resource", ra.untag_resource, resourceArn=anchor_arn, tagKeys=["team"])
out["untagged"] = sorted(t["key"] for t in call("list_tags_for_resource", ra.list_tags_for_resource, resourceArn=anchor_arn)["tags"])

# Refusals: a bundle that is no CA, an AWS Private CA Gatehouse cannot read, an unknown ID, a malformed one.
call("create_trust_anchor leaf", ra.create_trust_anchor, name="leaf", source=bundle(LEAF))
call("create_trust_anchor pca", ra.create_trust_anchor, name="pca", source={"sourceType": "AWS_ACM_PCA",
         "sourceData": {"acmPcaArn": "arn:aws:acm-pca:us-east-1:" + gh.ACCOUNT + ":certificate-authority/11111111-2222-3333-4444-555555555555"}})
call("get_trust_anchor unknown", ra.get_trust_anchor, trustAnchorId="00000000-0000-4000-8000-000000000000")
call("get_profile malformed", ra.get_profile, profileId="z" * 36)

call("delete_profile", ra.delete_profile, profileId=profile_id)
call("delete_trust_anchor", ra.delete_trust_anchor, trustAnchorId=anchor_id)
call("get_trust_anchor deleted", ra.get_trust_anchor, trustAnchorId=anchor_id)

out["steps"] = [[s["step"], s["code"], s["status"]] for s in rec.steps]
gh.emit(out)
