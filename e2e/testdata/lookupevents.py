"""CloudTrail LookupEvents through boto3's paginator, PageSize 2: every event of the account, each
as its name, identity type, username, error code and record's event ID; and one lookup by
ATTR_KEY=ATTR_VALUE."""

import json
import os

import gh

ct = gh.client("cloudtrail")


def rows(pages):
    out = []
    for page in pages:
        for e in page["Events"]:
            rec = json.loads(e["CloudTrailEvent"])
            out.append({
                "EventId": e["EventId"],
                "EventName": e["EventName"],
                "Username": e.get("Username", ""),
                "Type": rec["userIdentity"]["type"],
                "ErrorCode": rec.get("errorCode", ""),
                "RecordId": rec["eventID"],
            })
    return out


p = ct.get_paginator("lookup_events")
everything = rows(p.paginate(PaginationConfig={"PageSize": 2}))
attr = [{"AttributeKey": os.environ["ATTR_KEY"], "AttributeValue": os.environ["ATTR_VALUE"]}]
by_attr = rows(p.paginate(LookupAttributes=attr))
gh.emit({"All": everything, "ByAttr": by_attr})
