package store

import (
	"context"
	"sync/atomic"
	"time"
)

// Event is one audit event (a CloudTrail record) with the fields it is looked up by. Record is the
// whole record as JSON, opaque to the store.
type Event struct {
	ID          string // eventID
	Time        time.Time
	AccountID   string // recipientAccountId
	Name        string // eventName
	Source      string // eventSource
	ReadOnly    bool
	Username    string
	AccessKeyID string
	Resources   []EventResource
	Record      []byte
}

// EventResource is a resource an event names (CloudTrail's ResourceType and ResourceName).
type EventResource struct {
	Type string
	Name string
}

// EventAttribute is what an event lookup filters on, as CloudTrail's LookupAttribute names it.
type EventAttribute string

// The lookup attributes.
const (
	EventByID           EventAttribute = "EventId"
	EventByName         EventAttribute = "EventName"
	EventByReadOnly     EventAttribute = "ReadOnly"
	EventByUsername     EventAttribute = "Username"
	EventByResourceType EventAttribute = "ResourceType"
	EventByResourceName EventAttribute = "ResourceName"
	EventBySource       EventAttribute = "EventSource"
	EventByAccessKeyID  EventAttribute = "AccessKeyId"
)

// EventQuery selects one page of an account's events, newest first.
type EventQuery struct {
	AccountID string
	// Attribute and Value filter; "" selects every event. ReadOnly's value is "true" or "false".
	Attribute EventAttribute
	Value     string
	// Start and End bound the event time (inclusive); zero values do not bound.
	Start, End time.Time
	// AfterTime and AfterID are the last event of the previous page (zero: the first page).
	AfterTime time.Time
	AfterID   string
	// Limit is the page size; values outside 1..MaxListLimit mean MaxListLimit.
	Limit int
}

// Events is the audit trail.
type Events interface {
	// Put records events; an event whose ID is already recorded is replaced (the final form of
	// an event first recorded with the write it describes). Resources are added, never removed.
	Put(ctx context.Context, events ...Event) error
	// Lookup returns one page of events, newest first, and whether more exist.
	Lookup(ctx context.Context, q EventQuery) ([]Event, bool, error)
	// Prune deletes the events older than before and returns how many it deleted.
	Prune(ctx context.Context, before time.Time) (int, error)
}

// PendingEvent is the audit event of the request a context carries: the first write transaction
// of the request that commits records it with its writes (Build gives the event as known then), so
// that a committed change never lacks its event.
type PendingEvent struct {
	Build    func() Event
	recorded atomic.Bool
}

// Recorded reports whether a committed transaction recorded the event.
func (p *PendingEvent) Recorded() bool { return p.recorded.Load() }

// MarkRecorded notes that a committed transaction recorded the event; backends call it.
func (p *PendingEvent) MarkRecorded() { p.recorded.Store(true) }

type pendingKey struct{}

// WithPendingEvent returns ctx carrying p.
func WithPendingEvent(ctx context.Context, p *PendingEvent) context.Context {
	return context.WithValue(ctx, pendingKey{}, p)
}

// PendingEventFrom returns the pending event ctx carries, nil when none.
func PendingEventFrom(ctx context.Context) *PendingEvent {
	p, _ := ctx.Value(pendingKey{}).(*PendingEvent)
	return p
}
