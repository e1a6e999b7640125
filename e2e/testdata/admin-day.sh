#!/usr/bin/env bash
# A day of IAM administration, told with the unmodified aws CLI against a running Gatehouse.
#
# Morning: a Developers group with a customer managed policy, two developers, a password
# policy, a console password and an access key for alice, who then sees what her policy allows
# and what it does not. Then a role for CI with a trust policy (an ExternalId condition) that a
# ci user assumes through a CLI profile; delegated administration held in check by a
# permissions boundary; a bad policy version and its rollback; the afternoon audit (credential
# report, authorization details, account summary); the policy simulator explaining denials; and
# the evening clean-up, in the order IAM demands.
#
# Every step checks its own outcome and the script stops at the first surprise (exit status 1),
# so its last line, ADMIN DAY COMPLETE, means the whole day went as IAM documents.
#
# Run it by hand against a Gatehouse whose account has none of the day's users, group, role or
# policies (it deletes them all again in the evening):
#
#   export AWS_ENDPOINT_URL=http://127.0.0.1:8080 AWS_DEFAULT_REGION=us-east-1
#   export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...     # the account's root key
#   bash e2e/testdata/admin-day.sh
#
# The other identities of the day (alice, the ci user and its role, team-admin and the user it
# creates) live in their own AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE in a work folder:
# ADMIN_DAY_DIR when set (kept, for inspection), else a temporary folder removed at exit.
# Secrets go only into that credentials file; the script never prints one.
#
# Needs bash, python3 (for JSON and CSV checks; there is no jq) and the aws CLI (written and tested
# with v1).
set -Eeuo pipefail

: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the Gatehouse URL}"
: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the account root key}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
REGION=${AWS_DEFAULT_REGION:-us-east-1}
export AWS_DEFAULT_REGION=$REGION AWS_DEFAULT_OUTPUT=json AWS_PAGER=""
# Root's calls use the key in the environment; a profile chosen outside must not interfere.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
# The python3 checks below are asserts, which PYTHONOPTIMIZE would switch off.
unset PYTHONOPTIMIZE

if [[ -n ${ADMIN_DAY_DIR:-} ]]; then
  WORK=$ADMIN_DAY_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/admin-day.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
CONFIG=$WORK/config CREDENTIALS=$WORK/credentials
: >"$CONFIG"
: >"$CREDENTIALS"
chmod 600 "$CREDENTIALS"

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# on_error names the failed command (its first line) and where it is in this script.
on_error() { printf 'FAILED at line %s: %s\n' "$1" "${2%%$'\n'*}" >&2; }
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

step() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# check DESCRIPTION GOT WANT: the day goes on only if GOT is exactly WANT.
check() {
  if [[ $2 == "$3" ]]; then
    say "ok: $1"
  else
    fail "$1: got '$2', want '$3'"
  fi
}

# check_contains DESCRIPTION TEXT PART
check_contains() {
  if [[ $2 == *"$3"* ]]; then
    say "ok: $1"
  else
    fail "$1: '$2' does not contain '$3'"
  fi
}

# check_denied DESCRIPTION PRINCIPAL ACTION REASON: ERROR_MESSAGE is IAM's AccessDenied message
# for PRINCIPAL and ACTION, giving REASON ("because no identity-based policy allows the ACTION
# action", "with an explicit deny in …"). The resource in between is not compared: AWS writes some
# as ARNs and others as "user NAME".
check_denied() {
  if [[ $ERROR_MESSAGE == "User: $2 is not authorized to perform: $3 on resource: "*" $4"* ]]; then
    say "ok: $1"
  else
    fail "$1: got '$ERROR_MESSAGE', want 'User: $2 is not authorized to perform: $3 on resource: … $4'"
  fi
}

# words prints a command up to its first option: enough to name it, never a password argument.
words() {
  local out=() w
  for w in "$@"; do
    [[ $w == --* ]] && break
    out+=("$w")
  done
  printf '%s' "${out[*]}"
}

# expect_error CODE COMMAND...: COMMAND must fail with the AWS error CODE, which the CLI prints as
# "An error occurred (CODE) when calling the OPERATION operation: MESSAGE". The message is left in
# ERROR_MESSAGE for further checks.
expect_error() {
  local code=$1 stderr
  shift
  if stderr=$("$@" 2>&1 >/dev/null); then
    fail "$(words "$@"): succeeded, want $code"
  fi
  if [[ $stderr != *"An error occurred ($code)"* ]]; then
    fail "$(words "$@"): want $code, got: $stderr"
  fi
  ERROR_MESSAGE=$(sed -n 's/^.*An error occurred ([^)]*) when calling the [A-Za-z]* operation[^:]*: //p' <<<"$stderr")
  say "refused ($code): $ERROR_MESSAGE"
}

# as PROFILE COMMAND...: run COMMAND as another identity of the day, with nothing but the day's
# config and credentials files. The profile itself carries the endpoint_url, which the CLI's own
# STS AssumeRole call for a role profile needs too.
as() {
  local profile=$1
  shift
  env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL \
    AWS_CONFIG_FILE="$CONFIG" AWS_SHARED_CREDENTIALS_FILE="$CREDENTIALS" AWS_PROFILE="$profile" "$@"
}

# add_profile NAME [LINE...]: a profile in the day's config file, pointed at Gatehouse.
add_profile() {
  local name=$1
  shift
  {
    printf '[profile %s]\nregion = %s\noutput = json\nendpoint_url = %s\n' "$name" "$REGION" "$AWS_ENDPOINT_URL"
    if (($#)); then printf '%s\n' "$@"; fi
    printf '\n'
  } >>"$CONFIG"
}

# create_key PROFILE COMMAND...: run a create-access-key COMMAND, keep the new key in the day's
# credentials file as PROFILE (and a profile of that name in the config file), and leave its ID
# in KEY_ID. The secret goes only into the file.
create_key() {
  local profile=$1 out id secret
  shift
  out=$("$@" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
  read -r id secret <<<"$out"
  [[ $id =~ ^AKIA[A-Z2-7]{16}$ && ${#secret} -eq 40 ]] || fail "$(words "$@"): not an access key ID and a 40-character secret"
  printf '[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n' "$profile" "$id" "$secret" >>"$CREDENTIALS"
  add_profile "$profile"
  KEY_ID=$id
  say "new access key $id for profile $profile (secret kept in $CREDENTIALS)"
}

# random_hex N prints N random bytes in hex, for passwords and the ExternalId.
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# summary prints the account's Users, Groups, Roles and Policies counts.
summary() {
  aws iam get-account-summary --query 'SummaryMap.[Users,Groups,Roles,Policies]' --output text | tr '\t' ' '
}

# ---------------------------------------------------------------------------------------------
step "Who is at the keyboard"
# ---------------------------------------------------------------------------------------------
read -r ACCOUNT ROOT_ARN <<<"$(aws sts get-caller-identity --query '[Account,Arn]' --output text)"
check "the day starts as the account's root" "$ROOT_ARN" "arn:aws:iam::$ACCOUNT:root"
MORNING=$(summary)
say "account $ACCOUNT; users, groups, roles, policies: $MORNING"
read -r USERS_0 GROUPS_0 ROLES_0 POLICIES_0 <<<"$MORNING"
RUN=$(date +%s)

# ---------------------------------------------------------------------------------------------
step "1. Morning: a Developers group, its policy, and two developers"
# ---------------------------------------------------------------------------------------------
aws iam update-account-password-policy --minimum-password-length 14 \
  --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters \
  --allow-users-to-change-password --password-reuse-prevention 3 --max-password-age 90
say "password policy: 14 characters or more, all four kinds, no reuse of the last 3, 90 days"

GROUP_ARN=$(aws iam create-group --group-name Developers --path /engineering/ --query Group.Arn --output text)
check "group Developers" "$GROUP_ARN" "arn:aws:iam::$ACCOUNT:group/engineering/Developers"

# Developers read IAM and manage their own credentials (the ${aws:username} policy variable), but
# may not dump the whole account's authorization data. One statement per line: the simulator in
# step 6 points at them by position.
cat >"$WORK/developer-access-v1.json" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadIAM", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
    {"Sid": "ManageOwnCredentials", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey"], "Resource": "arn:aws:iam::$ACCOUNT:user/engineering/\${aws:username}"},
    {"Sid": "NoCredentialDump", "Effect": "Deny", "Action": "iam:GetAccountAuthorizationDetails", "Resource": "*"}
  ]
}
EOF
DEV_POLICY=$(aws iam create-policy --policy-name DeveloperAccess --path /engineering/ \
  --description "What every developer may do in IAM" \
  --policy-document "file://$WORK/developer-access-v1.json" --query Policy.Arn --output text)
check "customer managed policy DeveloperAccess" "$DEV_POLICY" "arn:aws:iam::$ACCOUNT:policy/engineering/DeveloperAccess"
aws iam attach-group-policy --group-name Developers --policy-arn "$DEV_POLICY"

ALICE_CREATED=$(aws iam create-user --user-name alice --path /engineering/ --tags Key=team,Value=engineering \
  --query User.CreateDate --output text)
aws iam create-user --user-name bob --path /engineering/ --tags Key=team,Value=engineering >/dev/null
for dev in alice bob; do
  aws iam add-user-to-group --group-name Developers --user-name "$dev"
done
ALICE_ARN=arn:aws:iam::$ACCOUNT:user/engineering/alice
say "created alice and bob in /engineering/, both in Developers"

# A console password must satisfy the policy just set.
expect_error PasswordPolicyViolation aws iam create-login-profile --user-name alice --password 'password1'
ALICE_PASSWORD="Dev-$(random_hex 8)-Aa1!"
check "alice gets a console password" \
  "$(aws iam create-login-profile --user-name alice --password "$ALICE_PASSWORD" --no-password-reset-required \
    --query LoginProfile.UserName --output text)" alice
create_key alice aws iam create-access-key --user-name alice
ALICE_KEY=$KEY_ID

say "alice, with her own key, looks around"
check "alice sees her group's members" \
  "$(as alice aws iam get-group --group-name Developers --query "join(',', Users[].UserName)" --output text)" "alice,bob"
check "alice lists her own access keys" \
  "$(as alice aws iam list-access-keys --query "join(',', AccessKeyMetadata[].[AccessKeyId,Status][])" --output text)" "$ALICE_KEY,Active"
ALICE_NEW_PASSWORD="Dev-$(random_hex 8)-Bb2?"
as alice aws iam change-password --old-password "$ALICE_PASSWORD" --new-password "$ALICE_NEW_PASSWORD"
say "ok: alice changed her own password (ManageOwnCredentials, \${aws:username} = alice)"

say "and is refused what the policy does not give her"
expect_error AccessDenied as alice aws iam create-user --user-name mallory
check "no policy allows alice to create users" "$ERROR_MESSAGE" \
  "User: $ALICE_ARN is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::$ACCOUNT:user/mallory because no identity-based policy allows the iam:CreateUser action"
expect_error AccessDenied as alice aws iam create-access-key --user-name bob
check_denied "\${aws:username} keeps alice away from bob's keys" "$ALICE_ARN" iam:CreateAccessKey \
  "because no identity-based policy allows the iam:CreateAccessKey action"
expect_error AccessDenied as alice aws iam get-account-authorization-details
check_denied "NoCredentialDump overrides iam:Get*" "$ALICE_ARN" iam:GetAccountAuthorizationDetails \
  "with an explicit deny in an identity-based policy"

# ---------------------------------------------------------------------------------------------
step "2. A role for CI, assumed through a CLI profile"
# ---------------------------------------------------------------------------------------------
aws iam create-user --user-name ci --path /automation/ >/dev/null
CI_ARN=arn:aws:iam::$ACCOUNT:user/automation/ci
ROLE_ARN=arn:aws:iam::$ACCOUNT:role/automation/ci-deployer
EXTERNAL_ID="pipeline-$(random_hex 6)"
aws iam put-user-policy --user-name ci --policy-name assume-ci-deployer --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"$ROLE_ARN\"}]}"
create_key ci aws iam create-access-key --user-name ci
CI_KEY=$KEY_ID

# The trust policy names the ci user and demands the ExternalId the pipeline was given.
cat >"$WORK/ci-trust.json" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "PipelineOnly",
    "Effect": "Allow",
    "Principal": {"AWS": "$CI_ARN"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "$EXTERNAL_ID"}}
  }]
}
EOF
check "role ci-deployer" "$(aws iam create-role --role-name ci-deployer --path /automation/ \
  --description "Deploys from the CI pipeline" --max-session-duration 7200 \
  --assume-role-policy-document "file://$WORK/ci-trust.json" \
  --tags Key=team,Value=platform Key=purpose,Value=ci --query Role.Arn --output text)" "$ROLE_ARN"
aws iam put-role-policy --role-name ci-deployer --policy-name deploy --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:GetRole\",\"iam:ListRoleTags\",\"iam:ListRoles\"],\"Resource\":\"*\"}]}"

# The CLI assumes the role itself from these profiles (role_arn + source_profile), calling STS
# at the profile's endpoint_url. The pipeline asks for the full two hours MaxSessionDuration
# allows (the default maximum is one); a profile asking for a second more is refused.
SESSION=pipeline-$RUN
add_profile ci-deployer "role_arn = $ROLE_ARN" "source_profile = ci" "external_id = $EXTERNAL_ID" \
  "role_session_name = $SESSION" "duration_seconds = 7200"
add_profile ci-deployer-wrong-id "role_arn = $ROLE_ARN" "source_profile = ci" "external_id = not-$EXTERNAL_ID"
add_profile ci-deployer-too-long "role_arn = $ROLE_ARN" "source_profile = ci" "external_id = $EXTERNAL_ID" \
  "duration_seconds = 7201"

CALLER=$(as ci-deployer aws sts get-caller-identity --query Arn --output text)
check "the pipeline runs as the role, for two hours" "$CALLER" "arn:aws:sts::$ACCOUNT:assumed-role/ci-deployer/$SESSION"
say "caller: $CALLER"
check "the role's permission policy lets it read its tags" \
  "$(as ci-deployer aws iam list-role-tags --role-name ci-deployer --query "join(',', sort(Tags[].join('=', [Key,Value])))" --output text)" \
  "purpose=ci,team=platform"
expect_error AccessDenied as ci-deployer aws iam list-users
check_denied "and nothing more" "$CALLER" iam:ListUsers "because no identity-based policy allows the iam:ListUsers action"
expect_error AccessDenied as ci-deployer-wrong-id aws sts get-caller-identity
check "a wrong ExternalId is refused" "$ERROR_MESSAGE" \
  "User: $CI_ARN is not authorized to perform: sts:AssumeRole on resource: $ROLE_ARN"
expect_error ValidationError as ci-deployer-too-long aws sts get-caller-identity
check "a session longer than MaxSessionDuration is refused" "$ERROR_MESSAGE" \
  "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."

# ---------------------------------------------------------------------------------------------
step "3. Delegated administration, held in check by a permissions boundary"
# ---------------------------------------------------------------------------------------------
# Whatever team-admin grants, its users can never do more than this.
BOUNDARY=$(aws iam create-policy --policy-name DelegatedAdminBoundary --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadIAMOnly\",\"Effect\":\"Allow\",\"Action\":[\"iam:Get*\",\"iam:List*\"],\"Resource\":\"*\"}]}" \
  --query Policy.Arn --output text)
check "boundary policy" "$BOUNDARY" "arn:aws:iam::$ACCOUNT:policy/DelegatedAdminBoundary"

# team-admin may create and change users only when they carry the boundary
# (iam:PermissionsBoundary), manage keys of users under /team/, and may neither remove a
# boundary nor edit the boundary policy.
cat >"$WORK/team-admin.json" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "CreateOrChangeOnlyWithBoundary", "Effect": "Allow",
     "Action": ["iam:CreateUser", "iam:PutUserPermissionsBoundary", "iam:AttachUserPolicy", "iam:DetachUserPolicy", "iam:PutUserPolicy", "iam:DeleteUserPolicy"],
     "Resource": "arn:aws:iam::$ACCOUNT:user/*",
     "Condition": {"StringEquals": {"iam:PermissionsBoundary": "$BOUNDARY"}}},
    {"Sid": "ManageTeamUsers", "Effect": "Allow",
     "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:DeleteUser"],
     "Resource": "arn:aws:iam::$ACCOUNT:user/team/*"},
    {"Sid": "ReadIAM", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
    {"Sid": "NoBoundaryRemoval", "Effect": "Deny",
     "Action": ["iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary"], "Resource": "*"},
    {"Sid": "NoBoundaryEditing", "Effect": "Deny",
     "Action": ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
     "Resource": "$BOUNDARY"}
  ]
}
EOF
aws iam create-user --user-name team-admin >/dev/null
aws iam put-user-policy --user-name team-admin --policy-name delegated-admin --policy-document "file://$WORK/team-admin.json"
create_key team-admin aws iam create-access-key --user-name team-admin
TEAM_ADMIN_KEY=$KEY_ID
TEAM_ADMIN_ARN=arn:aws:iam::$ACCOUNT:user/team-admin

check "team-admin creates a user with the boundary" \
  "$(as team-admin aws iam create-user --user-name contractor --path /team/ --permissions-boundary "$BOUNDARY" \
    --query User.PermissionsBoundary.PermissionsBoundaryArn --output text)" "$BOUNDARY"
expect_error AccessDenied as team-admin aws iam create-user --user-name contractor-2 --path /team/
check "but not without it" "$ERROR_MESSAGE" \
  "User: $TEAM_ADMIN_ARN is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::$ACCOUNT:user/team/contractor-2 because no identity-based policy allows the iam:CreateUser action"
expect_error AccessDenied as team-admin aws iam attach-user-policy --user-name team-admin \
  --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
check_denied "team-admin cannot make itself an administrator" "$TEAM_ADMIN_ARN" iam:AttachUserPolicy \
  "because no identity-based policy allows the iam:AttachUserPolicy action"
expect_error AccessDenied as team-admin aws iam delete-user-permissions-boundary --user-name contractor
check_denied "nor take a boundary away" "$TEAM_ADMIN_ARN" iam:DeleteUserPermissionsBoundary \
  "with an explicit deny in an identity-based policy"

as team-admin aws iam attach-user-policy --user-name contractor --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
say "ok: team-admin attached AdministratorAccess to contractor (allowed: contractor has the boundary)"
create_key contractor as team-admin aws iam create-access-key --user-name contractor
CONTRACTOR_KEY=$KEY_ID
CONTRACTOR_ARN=arn:aws:iam::$ACCOUNT:user/team/contractor
check "contractor may read IAM (both AdministratorAccess and the boundary allow it)" \
  "$(as contractor aws iam get-user --query User.Arn --output text)" "$CONTRACTOR_ARN"
expect_error AccessDenied as contractor aws iam create-user --user-name contractor-3
check "AdministratorAccess cannot exceed the boundary" "$ERROR_MESSAGE" \
  "User: $CONTRACTOR_ARN is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::$ACCOUNT:user/contractor-3 because no permissions boundary allows the iam:CreateUser action"

# ---------------------------------------------------------------------------------------------
step "4. A bad change to DeveloperAccess, and its rollback"
# ---------------------------------------------------------------------------------------------
# Someone "tightens" ReadIAM to a list of actions and forgets iam:ListAccessKeys.
cat >"$WORK/developer-access-v2.json" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadIAM", "Effect": "Allow", "Action": ["iam:GetUser", "iam:GetGroup", "iam:ListGroups", "iam:ListUsers"], "Resource": "*"},
    {"Sid": "ManageOwnCredentials", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey"], "Resource": "arn:aws:iam::$ACCOUNT:user/engineering/\${aws:username}"},
    {"Sid": "NoCredentialDump", "Effect": "Deny", "Action": "iam:GetAccountAuthorizationDetails", "Resource": "*"}
  ]
}
EOF
check "v2 is the default now" "$(aws iam create-policy-version --policy-arn "$DEV_POLICY" \
  --policy-document "file://$WORK/developer-access-v2.json" --set-as-default \
  --query '[PolicyVersion.VersionId,PolicyVersion.IsDefaultVersion]' --output text | tr '\t' ' ')" "v2 True"
expect_error AccessDenied as alice aws iam list-access-keys
check_denied "alice can no longer list her keys" "$ALICE_ARN" iam:ListAccessKeys \
  "because no identity-based policy allows the iam:ListAccessKeys action"
aws iam set-default-policy-version --policy-arn "$DEV_POLICY" --version-id v1
say "rolled back: set-default-policy-version v1"
check "alice is allowed again at once" \
  "$(as alice aws iam list-access-keys --query 'AccessKeyMetadata[0].AccessKeyId' --output text)" "$ALICE_KEY"
check "both versions are kept, v1 the default" \
  "$(aws iam list-policy-versions --policy-arn "$DEV_POLICY" \
    --query "join(',', Versions[].join(':', [VersionId, to_string(IsDefaultVersion)]))" --output text)" "v2:false,v1:true"

# ---------------------------------------------------------------------------------------------
step "5. Afternoon audit"
# ---------------------------------------------------------------------------------------------
# IAM records a key's last use asynchronously: wait (briefly) until alice's calls show.
for _ in $(seq 1 20); do
  LAST_SERVICE=$(aws iam get-access-key-last-used --access-key-id "$ALICE_KEY" --query AccessKeyLastUsed.ServiceName --output text)
  [[ $LAST_SERVICE == iam ]] && break
  sleep 0.5
done
check "alice's key was last used with IAM" "$LAST_SERVICE" iam

for _ in $(seq 1 60); do
  STATE=$(aws iam generate-credential-report --query State --output text)
  [[ $STATE == COMPLETE ]] && break
  sleep 0.5
done
check "credential report generated" "$STATE" COMPLETE
aws iam get-credential-report --output json >"$WORK/credential-report.json"
# The CSV arrives base64-encoded. IAM keeps a report for four hours, so on an account whose report
# was generated earlier (say, by an earlier run of this script) it describes an earlier alice, if
# any, and her row cannot be checked.
python3 - "$WORK/credential-report.json" "$ALICE_ARN" "$ALICE_CREATED" <<'EOF'
import base64, csv, io, json, sys
from datetime import datetime

def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))

report = json.load(open(sys.argv[1]))
assert report["ReportFormat"] == "text/csv", report["ReportFormat"]
rows = list(csv.DictReader(io.StringIO(base64.b64decode(report["Content"]).decode())))
print(f"   the report ({report['GeneratedTime']}) has {len(rows)} rows: "
      + ", ".join(r["user"] for r in rows))
root = [r for r in rows if r["user"] == "<root_account>"]
assert len(root) == 1, "no <root_account> row"
alice = [r for r in rows if r["arn"] == sys.argv[2] and when(r["user_creation_time"]) == when(sys.argv[3])]
if not alice:
    print("   NOTE: the report predates today's alice (IAM reuses a report for four hours): her row is not checked")
    sys.exit(0)
a = alice[0]
want = {"password_enabled": "true", "access_key_1_active": "true", "access_key_2_active": "false",
        "mfa_active": "false", "access_key_1_last_used_service": "iam"}
got = {k: a[k] for k in want}
assert got == want, f"alice's row: got {got}, want {want}"
for k in ("password_last_changed", "access_key_1_last_rotated", "access_key_1_last_used_date"):
    assert a[k] not in ("", "N/A", "not_supported"), f"alice's {k} is {a[k]!r}"
print(f"   ok: alice's row: password_enabled={a['password_enabled']} access_key_1_active={a['access_key_1_active']} "
      f"access_key_1_last_used_date={a['access_key_1_last_used_date']} service={a['access_key_1_last_used_service']}")
EOF

aws iam get-account-authorization-details --output json >"$WORK/authorization-details.json"
python3 - "$WORK/authorization-details.json" "$DEV_POLICY" "$BOUNDARY" <<'EOF'
import json, sys

d = json.load(open(sys.argv[1]))
dev_policy, boundary = sys.argv[2], sys.argv[3]
users = {u["UserName"]: u for u in d["UserDetailList"]}
groups = {g["GroupName"]: g for g in d["GroupDetailList"]}
roles = {r["RoleName"]: r for r in d["RoleDetailList"]}
policies = {p["Arn"]: p for p in d["Policies"]}

assert users["alice"]["GroupList"] == ["Developers"], users["alice"]["GroupList"]
assert [p["PolicyArn"] for p in groups["Developers"]["AttachedManagedPolicies"]] == [dev_policy]
c = users["contractor"]
assert c["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary, c.get("PermissionsBoundary")
assert [p["PolicyName"] for p in c["AttachedManagedPolicies"]] == ["AdministratorAccess"]
assert [p["PolicyName"] for p in users["team-admin"]["UserPolicyList"]] == ["delegated-admin"]
r = roles["ci-deployer"]
assert [p["PolicyName"] for p in r["RolePolicyList"]] == ["deploy"]
trust = r["AssumeRolePolicyDocument"]
if isinstance(trust, str):  # the CLI decodes the URL-encoded document; be lenient about its form
    trust = json.loads(trust)
assert trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"]
versions = {v["VersionId"]: v["IsDefaultVersion"] for v in policies[dev_policy]["PolicyVersionList"]}
assert versions == {"v1": True, "v2": False}, versions
assert policies[dev_policy]["AttachmentCount"] == 1
assert policies[boundary]["PermissionsBoundaryUsageCount"] == 1, policies[boundary]
print(f"   ok: authorization details: {len(users)} users, {len(groups)} group(s), {len(roles)} role(s), "
      f"{len(policies)} managed policies in use; contractor bounded by DelegatedAdminBoundary")
EOF

read -r USERS_1 GROUPS_1 ROLES_1 POLICIES_1 <<<"$(summary)"
check "account summary: users, groups, roles, policies added today" \
  "$((USERS_1 - USERS_0)) $((GROUPS_1 - GROUPS_0)) $((ROLES_1 - ROLES_0)) $((POLICIES_1 - POLICIES_0))" "5 1 1 2"

# ---------------------------------------------------------------------------------------------
step "6. Why was that denied? The policy simulator explains"
# ---------------------------------------------------------------------------------------------
aws iam simulate-principal-policy --policy-source-arn "$ALICE_ARN" \
  --action-names iam:CreateUser iam:GetAccountAuthorizationDetails iam:ListAccessKeys \
  --output json >"$WORK/simulate-alice.json"
python3 - "$WORK/simulate-alice.json" "$WORK/developer-access-v1.json" <<'EOF'
import json, sys

results = {r["EvalActionName"]: r for r in json.load(open(sys.argv[1]))["EvaluationResults"]}
# The line of each statement of DeveloperAccess v1 (one statement per line), by Sid.
line_of = {}
for n, text in enumerate(open(sys.argv[2]), start=1):
    if '"Sid": "' in text:
        line_of[text.split('"Sid": "')[1].split('"')[0]] = n

def where(m):
    return f"{m['SourcePolicyId']} line {m['EndPosition']['Line']}"

r = results["iam:CreateUser"]
assert r["EvalDecision"] == "implicitDeny" and r["MatchedStatements"] == [], r
print("   iam:CreateUser -> implicitDeny: no statement allows it")

# An explicit deny is listed first; the statement ends on the line where NoCredentialDump is.
r = results["iam:GetAccountAuthorizationDetails"]
assert r["EvalDecision"] == "explicitDeny", r
deny = r["MatchedStatements"][0]
assert deny["SourcePolicyId"] == "DeveloperAccess", deny
assert deny["EndPosition"]["Line"] == line_of["NoCredentialDump"], (deny, line_of)
others = [where(m) for m in r["MatchedStatements"][1:]]
print(f"   iam:GetAccountAuthorizationDetails -> explicitDeny: the statement of {where(deny)}, "
      f"column {deny['EndPosition']['Column']} (NoCredentialDump); also matched: {', '.join(others) or 'nothing'}")

r = results["iam:ListAccessKeys"]
assert r["EvalDecision"] == "allowed", r
assert [m["EndPosition"]["Line"] for m in r["MatchedStatements"]] == [line_of["ReadIAM"]], r
print(f"   iam:ListAccessKeys -> allowed by the statement of {where(r['MatchedStatements'][0])} (ReadIAM; v1 again)")
EOF
say "ok: the simulator names the deny and where it is"

# What did v2 do to alice? Simulate its document on its own. (The document goes in as an argument:
# aws CLI v1 would split a file:// value of a list parameter into single characters.)
check "v2's verdict on alice listing her keys" \
  "$(aws iam simulate-custom-policy --policy-input-list "$(<"$WORK/developer-access-v2.json")" \
    --action-names iam:ListAccessKeys --resource-arns "$ALICE_ARN" \
    --query 'EvaluationResults[0].[EvalDecision,length(MatchedStatements)]' --output text | tr '\t' ' ')" "implicitDeny 0"

# A condition needs context: an office-network-only policy, simulated from two addresses.
OFFICE_ONLY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}'
check "office-only policy, from 203.0.113.7: allowed" "$(aws iam simulate-custom-policy --policy-input-list "$OFFICE_ONLY" --action-names iam:ListUsers \
  --context-entries ContextKeyName=aws:SourceIp,ContextKeyValues=203.0.113.7,ContextKeyType=ip \
  --query 'EvaluationResults[0].EvalDecision' --output text)" allowed
check "office-only policy, from 198.51.100.9: implicitDeny" "$(aws iam simulate-custom-policy --policy-input-list "$OFFICE_ONLY" --action-names iam:ListUsers \
  --context-entries ContextKeyName=aws:SourceIp,ContextKeyValues=198.51.100.9,ContextKeyType=ip \
  --query 'EvaluationResults[0].EvalDecision' --output text)" implicitDeny

# ---------------------------------------------------------------------------------------------
step "7. Evening clean-up, in the order IAM demands"
# ---------------------------------------------------------------------------------------------
expect_error DeleteConflict aws iam delete-policy --policy-arn "$DEV_POLICY"
check "a policy still attached cannot go" "$ERROR_MESSAGE" "Cannot delete a policy attached to entities."
expect_error DeleteConflict aws iam delete-user --user-name alice
check_contains "nor a user with a password and keys" "$ERROR_MESSAGE" "Cannot delete entity, must delete"

# Three independent clean-ups, run side by side; within each, IAM's order: what hangs off a user
# (keys, password, inline and attached policies, group memberships) goes before the user, users
# before their group, attachments and extra versions before a policy.
retire_delegated_admin() {
  aws iam detach-user-policy --user-name contractor --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
  aws iam delete-access-key --user-name contractor --access-key-id "$CONTRACTOR_KEY"
  aws iam delete-user --user-name contractor
  aws iam delete-access-key --user-name team-admin --access-key-id "$TEAM_ADMIN_KEY"
  aws iam delete-user-policy --user-name team-admin --policy-name delegated-admin
  aws iam delete-user --user-name team-admin
  aws iam delete-policy --policy-arn "$BOUNDARY"
  say "removed: contractor, team-admin, DelegatedAdminBoundary"
}
retire_ci() {
  aws iam delete-role-policy --role-name ci-deployer --policy-name deploy
  aws iam delete-role --role-name ci-deployer
  aws iam delete-access-key --user-name ci --access-key-id "$CI_KEY"
  aws iam delete-user-policy --user-name ci --policy-name assume-ci-deployer
  aws iam delete-user --user-name ci
  say "removed: ci-deployer, ci"
}
retire_developers() {
  aws iam delete-login-profile --user-name alice
  aws iam delete-access-key --user-name alice --access-key-id "$ALICE_KEY"
  local dev
  for dev in alice bob; do
    aws iam remove-user-from-group --group-name Developers --user-name "$dev"
    aws iam delete-user --user-name "$dev"
  done
  aws iam detach-group-policy --group-name Developers --policy-arn "$DEV_POLICY"
  aws iam delete-group --group-name Developers
  expect_error DeleteConflict aws iam delete-policy --policy-arn "$DEV_POLICY"
  check "a policy must lose its other versions first" "$ERROR_MESSAGE" \
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."
  aws iam delete-policy-version --policy-arn "$DEV_POLICY" --version-id v2
  aws iam delete-policy --policy-arn "$DEV_POLICY"
  say "removed: alice, bob, Developers, DeveloperAccess"
}
retire_delegated_admin &
JOBS=($!)
retire_ci &
JOBS+=($!)
retire_developers &
JOBS+=($!)
for job in "${JOBS[@]}"; do
  wait "$job" || fail "a clean-up failed (see above)"
done

check "the account is as it was this morning" "$(summary)" "$MORNING"

echo
echo "ADMIN DAY COMPLETE"
