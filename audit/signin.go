package audit

import (
	"encoding/json"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Console sign-in events: AWS records every attempt to sign in to its console as a ConsoleLogin
// event (CloudTrail User Guide, "AWS Management Console sign-in events"): eventSource
// signin.amazonaws.com, eventType AwsConsoleSignIn, responseElements {"ConsoleLogin": "Success"
// or "Failure"}, additionalEventData with LoginTo, MobileVersion and MFAUsed, and errorMessage
// "Failed authentication" for a failure. A failure for a user name that does not exist records
// the name as HIDDEN_DUE_TO_SECURITY_REASONS (people type passwords into the user name field).

// HiddenUserName is the userName of a failed sign-in whose user name names no user.
const HiddenUserName = "HIDDEN_DUE_TO_SECURITY_REASONS"

// FailedAuthentication is the errorMessage of a failed sign-in.
const FailedAuthentication = "Failed authentication"

// SignIn is one console sign-in attempt.
type SignIn struct {
	ID        string // eventID; "" makes one
	Time      time.Time
	AccountID string
	// Root: the account's root user. Otherwise the IAM user UserName (HiddenUserName when the
	// name is no user's) with UserID and ARN when it exists.
	Root                  bool
	UserName, UserID, ARN string
	Success, MFAUsed      bool
	// ErrorMessage is a failure's message; "" means FailedAuthentication.
	ErrorMessage                 string
	SourceIP, UserAgent, LoginTo string
	// Extra is added to additionalEventData (a lockout's start and length).
	Extra map[string]any
}

// ConsoleLogin records a sign-in attempt as a ConsoleLogin event. A nil Trail records nothing.
func (t *Trail) ConsoleLogin(s SignIn) {
	if t == nil || s.AccountID == "" {
		return
	}
	r := s.record()
	body, err := json.Marshal(r)
	if err != nil {
		return
	}
	username := r.UserIdentity.UserName
	if s.Root {
		username = "root"
	}
	t.enqueue(store.Event{ID: r.EventID, Time: s.Time, AccountID: s.AccountID, Name: r.EventName, Source: r.EventSource,
		Username: username, Record: body})
}

// record is the sign-in's CloudTrail record.
func (s SignIn) record() *Record {
	id := s.ID
	if id == "" {
		id = newID(s.Time)
	}
	r := &Record{EventVersion: EventVersion, EventTime: formatTime(s.Time), EventSource: "signin.amazonaws.com",
		EventName: "ConsoleLogin", AWSRegion: "us-east-1", SourceIPAddress: s.SourceIP, UserAgent: s.UserAgent,
		EventID: id, EventType: "AwsConsoleSignIn", ManagementEvent: true, RecipientAccountID: s.AccountID,
		EventCategory: "Management"}
	r.UserIdentity = UserIdentity{Type: TypeIAMUser, PrincipalID: s.UserID, ARN: s.ARN, AccountID: s.AccountID,
		UserName: s.UserName}
	if s.Root {
		r.UserIdentity = UserIdentity{Type: TypeRoot, PrincipalID: s.AccountID, ARN: "arn:aws:iam::" + s.AccountID + ":root",
			AccountID: s.AccountID}
	}
	outcome := "Success"
	if !s.Success {
		outcome, r.ErrorMessage = "Failure", s.ErrorMessage
		if r.ErrorMessage == "" {
			r.ErrorMessage = FailedAuthentication
		}
	}
	r.ResponseElements = map[string]string{"ConsoleLogin": outcome}
	r.AdditionalEventData = map[string]any{"LoginTo": s.LoginTo, "MobileVersion": "No", "MFAUsed": yesNo(s.MFAUsed)}
	for k, v := range s.Extra {
		r.AdditionalEventData[k] = v
	}
	return r
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
