package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// allow gives a user an inline policy allowing actions on everything.
func (f *fixture) allow(user string, actions ...string) {
	f.t.Helper()
	doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17",
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}}})
	_, err := f.iam.PutUserPolicy(f.asRoot(), &iamwire.PutUserPolicyInput{UserName: user, PolicyName: "allow",
		PolicyDocument: string(doc)})
	if err != nil {
		f.t.Fatal(err)
	}
}

// events stores what the trail holds and returns the account's events by name, newest first.
func (f *fixture) events(name string) []audit.Record {
	f.t.Helper()
	ctx := context.Background()
	f.node.Trail.Flush(ctx)
	evs, _, err := f.node.Trail.Lookup(ctx, store.EventQuery{AccountID: f.account, Attribute: store.EventByName, Value: name})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []audit.Record
	for _, ev := range evs {
		var r audit.Record
		if err := json.Unmarshal(ev.Record, &r); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestConsoleLoginEvents: every sign-in attempt is a ConsoleLogin event as AWS records them —
// success with MFAUsed, failure with "Failed authentication", an unknown user's name hidden, the
// lockout's start and the attempts refused during it.
func TestConsoleLoginEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("gina", goodPassword, false)
	seed := f.enableTOTP("gina")
	f.user("hank", goodPassword, false)

	// The test's clock stands still unless advanced: a second between attempts orders their events.
	f.browser().signIn(f.account, "gina", otherPassword).want(http.StatusUnauthorized)
	f.clock.Advance(time.Second)
	f.browser().signIn(f.account, otherPassword, goodPassword).want(http.StatusUnauthorized) // a password typed as the name
	f.clock.Advance(time.Second)
	b := f.browser().signIn(f.account, "gina", goodPassword)
	b.post("/console/signin/mfa", url.Values{"mfaCode": {totpCode(seed, f.clock.Now())}}).want(http.StatusOK, "user/gina")

	evs := f.events("ConsoleLogin")
	if len(evs) != 3 {
		t.Fatalf("%d ConsoleLogin events, want 3: %+v", len(evs), evs)
	}
	ok, hidden, failed := evs[0], evs[1], evs[2]
	login := func(r audit.Record) string { return r.ResponseElements.(map[string]any)["ConsoleLogin"].(string) }
	if ok.EventSource != "signin.amazonaws.com" || ok.EventType != "AwsConsoleSignIn" || login(ok) != "Success" ||
		ok.UserIdentity.Type != "IAMUser" || ok.UserIdentity.UserName != "gina" || ok.AdditionalEventData["MFAUsed"] != "Yes" ||
		ok.ErrorMessage != "" || ok.RecipientAccountID != f.account {
		t.Errorf("success event: %+v", ok)
	}
	if login(hidden) != "Failure" || hidden.UserIdentity.UserName != audit.HiddenUserName || hidden.ErrorMessage != "Failed authentication" {
		t.Errorf("unknown user's event: %+v", hidden)
	}
	if strings.Contains(string(mustJSON(t, evs)), otherPassword) {
		t.Error("a typed password is in the trail")
	}
	if login(failed) != "Failure" || failed.UserIdentity.UserName != "gina" || failed.UserIdentity.ARN == "" ||
		failed.AdditionalEventData["MFAUsed"] != "No" {
		t.Errorf("failure event: %+v", failed)
	}

	for range 10 {
		f.clock.Advance(time.Second)
		f.browser().signIn(f.account, "hank", otherPassword)
	}
	f.clock.Advance(time.Second)
	f.browser().signIn(f.account, "hank", goodPassword).want(http.StatusTooManyRequests)
	evs = f.events("ConsoleLogin")
	refused, started := evs[0], evs[1]
	if refused.UserIdentity.UserName != "hank" || refused.AdditionalEventData["LockedOut"] != "Yes" || login(refused) != "Failure" {
		t.Errorf("refused during the lockout: %+v", refused)
	}
	if started.AdditionalEventData["LockoutStarted"] != "Yes" || started.AdditionalEventData["FailedAttempts"] != 10.0 {
		t.Errorf("the failure that starts the lockout: %+v", started)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestConsoleActionsAudited: a console action is recorded as the same API call would be — who,
// the parameters, the response of a write with its secret hidden, a denial with its why.
func TestConsoleActionsAudited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("ivy", goodPassword, false, fullAccess)
	f.user("jack", goodPassword, false)
	b := f.browser().signIn(f.account, "ivy", goodPassword)
	b.get("/console/users").post("/console/users", url.Values{"UserName": {"kim"}}).want(http.StatusOK, "user/kim")
	b.get("/console/users/kim").post("/console/users/kim/access-keys", url.Values{}).want(http.StatusOK, "only time")
	f.clock.Advance(time.Second)
	j := f.browser().signIn(f.account, "jack", goodPassword)
	j.get("/console/users").post("/console/users", url.Values{"UserName": {"lee"}}).want(http.StatusForbidden, "AccessDenied")

	created := f.events("CreateUser")
	if len(created) != 2 {
		t.Fatalf("%d CreateUser events, want 2", len(created))
	}
	denied, made := created[0], created[1]
	if made.UserIdentity.UserName != "ivy" || made.ErrorCode != "" || made.SourceIPAddress != "127.0.0.1" ||
		made.RequestParameters.(map[string]any)["userName"] != "kim" || made.ResponseElements == nil ||
		made.UserIdentity.SessionContext == nil {
		t.Errorf("CreateUser by ivy: %+v", made)
	}
	if denied.UserIdentity.UserName != "jack" || denied.ErrorCode != "AccessDenied" || denied.AdditionalEventData == nil {
		t.Errorf("CreateUser by jack: %+v", denied)
	}
	keys := f.events("CreateAccessKey")
	if len(keys) != 1 || !strings.Contains(string(mustJSON(t, keys[0].ResponseElements)), "HIDDEN") {
		t.Errorf("CreateAccessKey: %s", mustJSON(t, keys))
	}
}

// TestTrailPage: the audit trail page is LookupEvents as the signed-in user: filtered by a lookup
// attribute and a time window, paged, each denial explained; refused without cloudtrail:LookupEvents.
func TestTrailPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.user("auditor", goodPassword, false)
	f.allow("auditor", "cloudtrail:LookupEvents")
	f.user("mona", goodPassword, false)
	f.browser().signIn(f.account, "mona", otherPassword)
	m := f.browser().signIn(f.account, "mona", goodPassword)
	m.get("/console/users").post("/console/users", url.Values{"UserName": {"nope"}}).want(http.StatusForbidden)
	m.get("/console/audit").want(http.StatusBadRequest, "AccessDeniedException", "cloudtrail:LookupEvents")
	f.node.Trail.Flush(context.Background())

	a := f.browser().signIn(f.account, "auditor", goodPassword)
	a.get("/console/audit?attribute=Username&value=mona")
	a.want(http.StatusOK, "ConsoleLogin", "Failure", "Failed authentication", "CreateUser", "AccessDenied",
		"<strong>Why:</strong> ImplicitDeny for <code>iam:CreateUser</code>", "No statement allows it",
		"no identity-based policy allows the iam:CreateUser action")
	if strings.Contains(a.page, "auditor</td>") {
		t.Error("the Username filter let another user's events through")
	}
	a.get("/console/audit?attribute=EventName&value=CreateUser").want(http.StatusOK, "CreateUser")
	if strings.Contains(a.page, "<td>ConsoleLogin</td>") {
		t.Error("the EventName filter let other events through")
	}
	// Paging: one event per page, the next page's link carries the filter and the token.
	a.get("/console/audit?attribute=Username&value=mona&max=1").want(http.StatusOK, `name="next"`)
	if n := strings.Count(a.page, `<td class="nowrap">`); n != 1 {
		t.Errorf("%d events on a page of 1", n)
	}
	// A window in the past has nothing; a bad time is the form's error.
	a.get("/console/audit?start=2001-01-01T00:00&end=2001-01-02T00:00").want(http.StatusOK, "No events.")
	a.get("/console/audit?start=yesterday").want(http.StatusBadRequest, "is not a date and time")
	a.get("/console/audit?max=1000").want(http.StatusBadRequest, "InvalidMaxResultsException", "between 1 and 50")
}
