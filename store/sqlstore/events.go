package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// The audit trail (migrations 0009 and 0012): events, one row per record, and event_resources.

type events struct{ t *tx }

const eventCols = `event_id, event_time, account_id, event_name, event_source, read_only, username, access_key_id, record`

// eventChunks are the row counts of the multi-row INSERTs a batch of events is cut into, largest
// first: a few fixed statement texts, each prepared once (the statement cache), whatever the
// batch size. 64 rows of 9 columns stay far below both dialects' bound on parameters.
var eventChunks = []int{64, 16, 4, 1}

// The multi-row statements by row count, built once.
var eventInserts, resourceInserts = insertTexts(`INSERT INTO events (`+eventCols+`) VALUES `, 9,
	` ON CONFLICT (event_id) DO UPDATE SET event_time = excluded.event_time, account_id = excluded.account_id,
	event_name = excluded.event_name, event_source = excluded.event_source, read_only = excluded.read_only,
	username = excluded.username, access_key_id = excluded.access_key_id, record = excluded.record`),
	insertTexts(`INSERT INTO event_resources (event_id, resource_type, resource_name) VALUES `, 3, ` ON CONFLICT DO NOTHING`)

// insertTexts returns, for each row count of eventChunks, prefix followed by that many rows of
// cols placeholders ($1, $2, …) and suffix.
func insertTexts(prefix string, cols int, suffix string) map[int]string {
	out := make(map[int]string, len(eventChunks))
	for _, n := range eventChunks {
		var b strings.Builder
		b.WriteString(prefix)
		for r := range n {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := range cols {
				if c > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "$%d", r*cols+c+1)
			}
			b.WriteByte(')')
		}
		b.WriteString(suffix)
		out[n] = b.String()
	}
	return out
}

// chunk is the largest row count of eventChunks not above n (n > 0).
func chunk(n int) int {
	for _, c := range eventChunks {
		if c <= n {
			return c
		}
	}
	return 1
}

// Put stores a batch with one INSERT per chunk of events and one per chunk of their resources.
// An ID given twice keeps its last event (one statement cannot update a row twice).
func (s events) Put(ctx context.Context, evs ...store.Event) error {
	evs = lastOfEach(evs)
	var res []any
	for len(evs) > 0 {
		n := chunk(len(evs))
		args := make([]any, 0, n*9)
		for _, e := range evs[:n] {
			if e.Record == nil {
				e.Record = []byte{}
			}
			args = append(args, e.ID, tsNN(e.Time), e.AccountID, e.Name, e.Source, e.ReadOnly, e.Username, e.AccessKeyID, e.Record)
			for _, r := range e.Resources {
				res = append(res, e.ID, r.Type, r.Name)
			}
		}
		if _, err := s.t.exec(ctx, fmt.Sprintf("events %q…", evs[0].ID), eventInserts[n], args...); err != nil {
			return err
		}
		evs = evs[n:]
	}
	for len(res) > 0 {
		n := chunk(len(res) / 3)
		if _, err := s.t.exec(ctx, fmt.Sprintf("event %q's resources", res[0]), resourceInserts[n], res[:n*3]...); err != nil {
			return err
		}
		res = res[n*3:]
	}
	return nil
}

// lastOfEach drops every event whose ID a later one of evs repeats.
func lastOfEach(evs []store.Event) []store.Event {
	if len(evs) < 2 {
		return evs
	}
	last := make(map[string]int, len(evs))
	for i, e := range evs {
		last[e.ID] = i
	}
	if len(last) == len(evs) {
		return evs
	}
	out := make([]store.Event, 0, len(last))
	for i, e := range evs {
		if last[e.ID] == i {
			out = append(out, e)
		}
	}
	return out
}

// eventFilter is the WHERE clause of each lookup attribute; ? is the value.
var eventFilter = map[store.EventAttribute]string{
	store.EventByID:           ` AND event_id = ?`,
	store.EventByName:         ` AND event_name = ?`,
	store.EventByReadOnly:     ` AND read_only = ?`,
	store.EventByUsername:     ` AND username = ?`,
	store.EventBySource:       ` AND event_source = ?`,
	store.EventByAccessKeyID:  ` AND access_key_id = ?`,
	store.EventByResourceType: ` AND EXISTS (SELECT 1 FROM event_resources r WHERE r.event_id = events.event_id AND r.resource_type = ?)`,
	store.EventByResourceName: ` AND EXISTS (SELECT 1 FROM event_resources r WHERE r.event_id = events.event_id AND r.resource_name = ?)`,
}

func (s events) Lookup(ctx context.Context, q store.EventQuery) ([]store.Event, bool, error) {
	n := limit(q.Limit)
	b := newQB(`SELECT `+eventCols+` FROM events WHERE account_id = $1`, q.AccountID)
	if q.Attribute != "" {
		f, ok := eventFilter[q.Attribute]
		if !ok {
			return nil, false, fmt.Errorf("events: unknown lookup attribute %q", q.Attribute)
		}
		var v any = q.Value
		if q.Attribute == store.EventByReadOnly {
			v = strings.EqualFold(q.Value, "true")
		}
		b.add(f, v)
	}
	if !q.Start.IsZero() {
		b.add(` AND event_time >= ?`, q.Start.UnixNano())
	}
	if !q.End.IsZero() {
		b.add(` AND event_time <= ?`, q.End.UnixNano())
	}
	if !q.AfterTime.IsZero() {
		at := q.AfterTime.UnixNano()
		b.add(` AND (event_time < ? OR (event_time = ? AND event_id < ?))`, at, at, q.AfterID)
	}
	b.add(` ORDER BY event_time DESC, event_id DESC LIMIT ?`, n+1)
	out, err := list(ctx, s.t, "events", b, scanEvent)
	if err != nil {
		return nil, false, err
	}
	out, more := page(out, n)
	if err := s.resources(ctx, out); err != nil {
		return nil, false, err
	}
	return out, more, nil
}

func scanEvent(r rowScanner) (store.Event, error) {
	var e store.Event
	err := r.Scan(&e.ID, nt{&e.Time}, &e.AccountID, &e.Name, &e.Source, &e.ReadOnly, &e.Username, &e.AccessKeyID, &e.Record)
	return e, err
}

// resources fills in the resources of a page of events.
func (s events) resources(ctx context.Context, evs []store.Event) error {
	if len(evs) == 0 {
		return nil
	}
	idx := make(map[string]int, len(evs))
	b := newQB(`SELECT event_id, resource_type, resource_name FROM event_resources WHERE event_id IN (`)
	for i, e := range evs {
		idx[e.ID] = i
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(b.arg(e.ID))
	}
	b.WriteString(`) ORDER BY event_id, resource_type, resource_name`)
	type row struct {
		id string
		r  store.EventResource
	}
	rows, err := list(ctx, s.t, "event resources", b, func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.r.Type, &x.r.Name)
		return x, err
	})
	if err != nil {
		return err
	}
	for _, x := range rows {
		e := &evs[idx[x.id]]
		e.Resources = append(e.Resources, x.r)
	}
	return nil
}

func (s events) Prune(ctx context.Context, before time.Time) (int, error) {
	cut := before.UnixNano()
	if _, err := s.t.exec(ctx, "events", `DELETE FROM event_resources WHERE event_id IN
		(SELECT event_id FROM events WHERE event_time < $1)`, cut); err != nil {
		return 0, err
	}
	res, err := s.t.exec(ctx, "events", `DELETE FROM events WHERE event_time < $1`, cut)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// recordPending records the request's pending audit event in the transaction that commits its
// writes (store.PendingEvent), once per request.
func (t *tx) recordPending(ctx context.Context) (*store.PendingEvent, error) {
	p := store.PendingEventFrom(ctx)
	if p == nil || !t.wrote || p.Recorded() || p.Build == nil {
		return nil, nil
	}
	ev := p.Build()
	if ev.ID == "" {
		return nil, nil
	}
	if err := (events{t}).Put(ctx, ev); err != nil {
		return nil, err
	}
	return p, nil
}
