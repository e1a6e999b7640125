package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// The audit trail (migration 0009): events, one row per record, and event_resources.

type events struct{ t *tx }

const eventCols = `event_id, event_time, account_id, event_name, event_source, read_only, username, access_key_id, record`

func (s events) Put(ctx context.Context, evs ...store.Event) error {
	for _, e := range evs {
		if err := s.put(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

func (s events) put(ctx context.Context, e store.Event) error {
	what := fmt.Sprintf("event %q", e.ID)
	if e.Record == nil {
		e.Record = []byte{}
	}
	_, err := s.t.exec(ctx, what, `INSERT INTO events (`+eventCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (event_id) DO UPDATE SET event_time = excluded.event_time, account_id = excluded.account_id,
		event_name = excluded.event_name, event_source = excluded.event_source, read_only = excluded.read_only,
		username = excluded.username, access_key_id = excluded.access_key_id, record = excluded.record`,
		e.ID, tsNN(e.Time), e.AccountID, e.Name, e.Source, e.ReadOnly, e.Username, e.AccessKeyID, e.Record)
	if err != nil {
		return err
	}
	for _, r := range e.Resources {
		if _, err := s.t.exec(ctx, what, `INSERT INTO event_resources (event_id, resource_type, resource_name)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, e.ID, r.Type, r.Name); err != nil {
			return err
		}
	}
	return nil
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
	if err := (events{t}).put(ctx, ev); err != nil {
		return nil, err
	}
	return p, nil
}
