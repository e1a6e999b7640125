package cloudtrail

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/cloudtrailwire"
)

// defaultMaxResults is LookupEvents' page size when MaxResults is absent (and its maximum).
const defaultMaxResults = 50

// lookupEvents looks up the caller's account's events, newest first, by at most one attribute
// ("Currently the list can contain only one item", CloudTrail API Reference, LookupEvents).
var lookupEvents = &op.Op[*Service, cloudtrailwire.LookupEventsInput, cloudtrailwire.LookupEventsOutput, op.None]{
	Name:   "LookupEvents",
	Action: "cloudtrail:LookupEvents",
	Handle: func(s *Service, ctx context.Context, r *op.Request[cloudtrailwire.LookupEventsInput, op.None]) (*cloudtrailwire.LookupEventsOutput, error) {
		q, err := query(r.In, r.Account())
		if err != nil {
			return nil, err
		}
		out := &cloudtrailwire.LookupEventsOutput{Events: []cloudtrailwire.Event{}}
		if r.In.EventCategory != nil && *r.In.EventCategory == cloudtrailwire.EventCategoryInsight {
			return out, nil // no Insights events are recorded
		}
		if s.trail == nil {
			return out, nil
		}
		evs, more, err := s.trail.Lookup(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			out.Events = append(out.Events, wireEvent(ev))
		}
		if more && len(evs) > 0 {
			last := evs[len(evs)-1]
			out.NextToken = new(token(bindingOf(r.In), last.Time, last.ID))
		}
		return out, nil
	},
}

// query turns the request into the store's query, checking what the model cannot.
func query(in *cloudtrailwire.LookupEventsInput, account string) (store.EventQuery, error) {
	q := store.EventQuery{AccountID: account, Limit: defaultMaxResults}
	if len(in.LookupAttributes) > 1 {
		return q, cloudtrailwire.ErrInvalidLookupAttributesException("You cannot specify more than one lookup attribute.")
	}
	if len(in.LookupAttributes) == 1 {
		a := in.LookupAttributes[0]
		q.Attribute, q.Value = store.EventAttribute(a.AttributeKey), a.AttributeValue
		if q.Attribute == store.EventByReadOnly && q.Value != "true" && q.Value != "false" {
			return q, cloudtrailwire.ErrInvalidLookupAttributesException("The value of the ReadOnly lookup attribute must be true or false.")
		}
	}
	if in.StartTime != nil {
		q.Start = *in.StartTime
	}
	if in.EndTime != nil {
		q.End = *in.EndTime
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.Start.After(q.End) {
		return q, cloudtrailwire.ErrInvalidTimeRangeException("Start time must not be after end time.")
	}
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > defaultMaxResults {
			// The wire decoder answers the same for a request; this guards in-process callers with
			// its sentence (unconfirmed).
			return q, cloudtrailwire.ErrInvalidMaxResultsException("1 validation error detected: Value '%d' at 'maxResults' "+
				"failed to satisfy constraint: Member must have value between 1 and %d", *in.MaxResults, defaultMaxResults)
		}
		q.Limit = int(*in.MaxResults)
	}
	if in.NextToken != nil {
		t, id, ok := parseToken(*in.NextToken, bindingOf(in))
		if !ok {
			return q, cloudtrailwire.ErrInvalidNextTokenException("Invalid NextToken: it is malformed or was issued for a request with other parameters.")
		}
		q.AfterTime, q.AfterID = t, id
	}
	return q, nil
}

// bindingOf is what a page token is bound to: the request's parameters other than the token
// and the page size, so that a token used with other parameters is refused, as CloudTrail does.
func bindingOf(in *cloudtrailwire.LookupEventsInput) string {
	var b strings.Builder
	for _, a := range in.LookupAttributes {
		b.WriteString(string(a.AttributeKey) + "\x00" + a.AttributeValue + "\x00")
	}
	for _, t := range []*time.Time{in.StartTime, in.EndTime} {
		if t != nil {
			b.WriteString(strconv.FormatInt(t.UnixNano(), 10))
		}
		b.WriteByte(0)
	}
	if in.EventCategory != nil {
		b.WriteString(string(*in.EventCategory))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// token encodes the position after the last event of a page: binding, time and event ID.
func token(binding string, t time.Time, id string) string {
	buf := binary.BigEndian.AppendUint64([]byte(binding), uint64(t.UnixNano()))
	return base64.RawURLEncoding.EncodeToString(append(buf, id...))
}

func parseToken(tok, binding string) (time.Time, string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) < len(binding)+8 || string(raw[:len(binding)]) != binding {
		return time.Time{}, "", false
	}
	n := int64(binary.BigEndian.Uint64(raw[len(binding):]))
	id := string(raw[len(binding)+8:])
	if id == "" {
		return time.Time{}, "", false
	}
	return time.Unix(0, n).UTC(), id, true
}

// wireEvent is an event as LookupEvents returns it: the lookup fields and the record as a string.
func wireEvent(ev store.Event) cloudtrailwire.Event {
	w := cloudtrailwire.Event{EventId: new(ev.ID), EventName: new(ev.Name), ReadOnly: new(strconv.FormatBool(ev.ReadOnly)),
		EventTime: new(ev.Time), EventSource: new(ev.Source), CloudTrailEvent: new(string(ev.Record)),
		Resources: make([]cloudtrailwire.Resource, len(ev.Resources))}
	if ev.AccessKeyID != "" {
		w.AccessKeyId = new(ev.AccessKeyID)
	}
	if ev.Username != "" {
		w.Username = new(ev.Username)
	}
	for i, r := range ev.Resources {
		w.Resources[i] = cloudtrailwire.Resource{ResourceType: new(r.Type), ResourceName: new(r.Name)}
	}
	return w
}
