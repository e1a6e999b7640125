"""ListUsers through boto3's paginator, PATH_PREFIX and PAGE_SIZE from the environment."""

import os

import gh

iam = gh.client("iam")
paginator = iam.get_paginator("list_users")
users, pages = [], []
for page in paginator.paginate(
    PathPrefix=os.environ["PATH_PREFIX"],
    PaginationConfig={"PageSize": int(os.environ["PAGE_SIZE"])},
):
    pages.append(len(page["Users"]))
    users.extend(u["UserName"] for u in page["Users"])
gh.emit({"users": users, "pages": pages})
