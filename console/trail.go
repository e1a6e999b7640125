package console

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
)

// The audit trail page: CloudTrail's LookupEvents called as the signed-in principal (so it needs
// cloudtrail:LookupEvents), with the API's filters — one lookup attribute, a time window — and its
// pages; each event with its outcome, and a denial with the authorizer's explanation.

// trailForm is the page's filter, as typed (the query string, so a filtered page can be linked).
type trailForm struct {
	Attribute, Value, Start, End, MaxResults string
}

// trailPage is what the page shows.
type trailPage struct {
	Form       trailForm
	Attributes []string
	Events     []trailEvent
	Next       string
}

// trailEvent is one event: the columns of CloudTrail's event history, and the record's why.
type trailEvent struct {
	ID, Time, Name, Source, User, Outcome, ErrorMessage string
	Failed                                              bool
	Decisions                                           []authz.Explanation
	Record                                              string
}

// timeInput is the layout of the page's datetime-local inputs, read as UTC.
const timeInput = "2006-01-02T15:04"

func (c *Console) trailPage(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	form := trailForm{Attribute: q.Get("attribute"), Value: strings.TrimSpace(q.Get("value")), Start: q.Get("start"),
		End: q.Get("end"), MaxResults: q.Get("max")}
	data := &trailPage{Form: form}
	for _, k := range cloudtrailwire.LookupAttributeKey("").Values() {
		data.Attributes = append(data.Attributes, string(k))
	}
	v := &view{Title: "Audit trail", Section: "audit", Data: data}
	body, err := lookupBody(form, q.Get("next"))
	if err != nil {
		v.Error = err.Error()
		c.render(w, r, http.StatusBadRequest, "audit", v)
		return
	}
	out, err := c.lookupEvents(r, s, body)
	if err != nil {
		c.failed(w, r, "audit", v, err)
		return
	}
	for _, e := range out.Events {
		data.Events = append(data.Events, trailEventOf(e))
	}
	if out.NextToken != nil {
		data.Next = *out.NextToken
	}
	c.render(w, r, http.StatusOK, "audit", v)
}

// lookupBody is the LookupEvents request the form asks for, as the API's JSON.
func lookupBody(f trailForm, next string) ([]byte, error) {
	in := map[string]any{}
	if f.Attribute != "" && f.Value != "" {
		in["LookupAttributes"] = []map[string]string{{"AttributeKey": f.Attribute, "AttributeValue": f.Value}}
	}
	for name, v := range map[string]string{"StartTime": f.Start, "EndTime": f.End} {
		if v == "" {
			continue
		}
		t, err := time.Parse(timeInput, v)
		if err != nil {
			return nil, errBadTime(v)
		}
		in[name] = t.Unix()
	}
	if f.MaxResults != "" {
		n, err := strconv.Atoi(f.MaxResults)
		if err != nil {
			return nil, errBadNumber(f.MaxResults)
		}
		in["MaxResults"] = n
	}
	if next != "" {
		in["NextToken"] = next
	}
	return json.Marshal(in)
}

type formError string

func (e formError) Error() string { return string(e) }

func errBadTime(v string) error {
	return formError("The time " + strconv.Quote(v) + " is not a date and time (YYYY-MM-DDThh:mm, UTC).")
}

func errBadNumber(v string) error {
	return formError("The number of events per page " + strconv.Quote(v) + " is not a number.")
}

// lookupEvents runs LookupEvents as the session's principal: the body is decoded and validated
// by the API's decoder, the call authorized and audited as a signed request's.
func (c *Console) lookupEvents(r *http.Request, s *session, body []byte) (*cloudtrailwire.LookupEventsOutput, error) {
	op, _ := cloudtrailwire.Lookup("LookupEvents")
	out, err := c.jsonCall(r, s, jsonOp{service: "cloudtrail", action: "LookupEvents", target: cloudtrailwire.Service.TargetPrefix,
		decode: op.Decode, call: func(ctx context.Context, in any) (any, error) { return op.Call(ctx, c.trail.Handlers, in) }}, body)
	if err != nil {
		return nil, err
	}
	return out.(*cloudtrailwire.LookupEventsOutput), nil
}

// trailRecord is what the page reads of a CloudTrail record.
type trailRecord struct {
	EventSource      string          `json:"eventSource"`
	ErrorCode        string          `json:"errorCode"`
	ErrorMessage     string          `json:"errorMessage"`
	ResponseElements json.RawMessage `json:"responseElements"`
	Additional       struct {
		Decisions []authz.Explanation `json:"decisions"`
	} `json:"additionalEventData"`
}

func trailEventOf(e cloudtrailwire.Event) trailEvent {
	ev := trailEvent{ID: deref(e.EventId), Name: deref(e.EventName), Source: deref(e.EventSource), User: deref(e.Username),
		Outcome: "Success"}
	if e.EventTime != nil {
		ev.Time = e.EventTime.UTC().Format(dateLayout)
	}
	raw := deref(e.CloudTrailEvent)
	var rec trailRecord
	if json.Unmarshal([]byte(raw), &rec) == nil {
		var login struct{ ConsoleLogin string }
		_ = json.Unmarshal(rec.ResponseElements, &login)
		switch {
		case rec.ErrorCode != "":
			ev.Outcome, ev.Failed = rec.ErrorCode, true
		case login.ConsoleLogin == "Failure":
			ev.Outcome, ev.Failed = "Failure", true
		}
		ev.ErrorMessage = rec.ErrorMessage
		for _, d := range rec.Additional.Decisions {
			if d.Decision != "Allow" {
				ev.Decisions = append(ev.Decisions, d)
			}
		}
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(raw), "", "  ") == nil {
		raw = pretty.String()
	}
	ev.Record = raw
	return ev
}
