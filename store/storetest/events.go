package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testEvents: the audit trail — events kept as given (record bytes, resources), looked up newest
// first by every attribute within an account and a time window, paged without repeats, replaced by
// ID (resources added), pruned by age; no change feed entries.
func testEvents(t *testing.T, s store.Store) {
	mk := func(n int, account, name, user string, ro bool, res ...store.EventResource) store.Event {
		return store.Event{ID: fmt.Sprintf("ev-%03d", n), Time: at(n), AccountID: account, Name: name, Source: "iam.amazonaws.com",
			ReadOnly: ro, Username: user, AccessKeyID: "AKIA" + user, Resources: res, Record: []byte(fmt.Sprintf(`{"n":%d}`, n))}
	}
	alice := store.EventResource{Type: "AWS::IAM::User", Name: "alice"}
	evs := []store.Event{
		mk(1, acct, "CreateUser", "root", false, alice),
		mk(2, acct, "GetUser", "alice", true, alice),
		mk(3, acct, "ListUsers", "alice", true),
		mk(4, acct2, "CreateUser", "root", false, alice),
		mk(5, acct, "CreateRole", "root", false, store.EventResource{Type: "AWS::IAM::Role", Name: "r"}),
	}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error { return tx.Events().Put(ctx, evs...) })
	if got := latest(t, s); got != before {
		t.Errorf("events moved the change feed from %d to %d", before, got)
	}
	ids := func(q store.EventQuery) []string {
		var got []store.Event
		view(t, s, func(tx store.Tx) (err error) { got, _, err = tx.Events().Lookup(ctx, q); return err })
		return names(got, func(e store.Event) string { return e.ID })
	}
	for _, tc := range []struct {
		attr  store.EventAttribute
		value string
		want  []string
	}{
		{"", "", []string{"ev-005", "ev-003", "ev-002", "ev-001"}},
		{store.EventByID, "ev-002", []string{"ev-002"}},
		{store.EventByName, "CreateUser", []string{"ev-001"}},
		{store.EventByReadOnly, "true", []string{"ev-003", "ev-002"}},
		{store.EventByReadOnly, "false", []string{"ev-005", "ev-001"}},
		{store.EventByUsername, "alice", []string{"ev-003", "ev-002"}},
		{store.EventByAccessKeyID, "AKIAroot", []string{"ev-005", "ev-001"}},
		{store.EventBySource, "iam.amazonaws.com", []string{"ev-005", "ev-003", "ev-002", "ev-001"}},
		{store.EventBySource, "sts.amazonaws.com", nil},
		{store.EventByResourceType, "AWS::IAM::Role", []string{"ev-005"}},
		{store.EventByResourceName, "alice", []string{"ev-002", "ev-001"}},
	} {
		diff(t, fmt.Sprintf("Lookup %s=%s", tc.attr, tc.value), tc.want, ids(store.EventQuery{AccountID: acct, Attribute: tc.attr, Value: tc.value}))
	}
	diff(t, "Lookup in a window", []string{"ev-003", "ev-002"}, ids(store.EventQuery{AccountID: acct, Start: at(2), End: at(3)}))
	var paged []string
	q := store.EventQuery{AccountID: acct, Limit: 2}
	for range 5 {
		var got []store.Event
		var more bool
		view(t, s, func(tx store.Tx) (err error) { got, more, err = tx.Events().Lookup(ctx, q); return err })
		paged = append(paged, names(got, func(e store.Event) string { return e.ID })...)
		if !more {
			break
		}
		q.AfterTime, q.AfterID = got[len(got)-1].Time, got[len(got)-1].ID
	}
	diff(t, "Lookup paged by 2", []string{"ev-005", "ev-003", "ev-002", "ev-001"}, paged)

	final := evs[0]
	final.Record = []byte(`{"n":1,"final":true}`)
	final.Resources = []store.EventResource{{Type: "AWS::IAM::AccessKey", Name: "AKIAX"}}
	update(t, s, func(tx store.Tx) error { return tx.Events().Put(ctx, final) })
	view(t, s, func(tx store.Tx) error {
		got, _, err := tx.Events().Lookup(ctx, store.EventQuery{AccountID: acct, Attribute: store.EventByID, Value: "ev-001"})
		if err != nil || len(got) != 1 {
			return fmt.Errorf("Lookup ev-001: %v, %d events", err, len(got))
		}
		diff(t, "replaced record", string(final.Record), string(got[0].Record))
		diff(t, "resources after replacing", []store.EventResource{final.Resources[0], alice}, got[0].Resources)
		diff(t, "time", at(1), got[0].Time)
		return nil
	})
	var pruned int
	update(t, s, func(tx store.Tx) (err error) { pruned, err = tx.Events().Prune(ctx, at(3)); return err })
	diff(t, "pruned", 2, pruned)
	diff(t, "after pruning", []string{"ev-005", "ev-003"}, ids(store.EventQuery{AccountID: acct}))
	diff(t, "resource lookup after pruning", []string(nil), ids(store.EventQuery{AccountID: acct, Attribute: store.EventByResourceName, Value: "alice"}))
}

// testEventBatch: one Put of many events (the audit writer's batch, more than one statement's
// worth) keeps every one with its record and resources; an ID given twice keeps its last event.
func testEventBatch(t *testing.T, s store.Store) {
	const n = 90
	var evs []store.Event
	for i := range n {
		evs = append(evs, store.Event{ID: fmt.Sprintf("batch-%03d", i), Time: at(100 + i), AccountID: acct, Name: "GetUser",
			Source: "iam.amazonaws.com", ReadOnly: true, Username: fmt.Sprintf("u%d", i%7), AccessKeyID: "AKIAB",
			Resources: []store.EventResource{{Type: "AWS::IAM::User", Name: fmt.Sprintf("u%d", i)}},
			Record:    []byte(fmt.Sprintf(`{"i":%d}`, i))})
	}
	again := evs[10]
	again.Record, again.Name = []byte(`{"i":10,"final":true}`), "CreateUser"
	evs = append(evs, again)
	update(t, s, func(tx store.Tx) error { return tx.Events().Put(ctx, evs...) })
	got := lookupAll(t, s, store.EventQuery{AccountID: acct, Start: at(100), End: at(100 + n)})
	if len(got) != n {
		t.Fatalf("a batch of %d events (one repeated): %d stored", n, len(got))
	}
	for _, e := range got {
		i := 0
		fmt.Sscanf(e.ID, "batch-%d", &i)
		want := fmt.Sprintf(`{"i":%d}`, i)
		if i == 10 {
			want = `{"i":10,"final":true}`
		}
		diff(t, e.ID+" record", want, string(e.Record))
		diff(t, e.ID+" resources", []store.EventResource{{Type: "AWS::IAM::User", Name: fmt.Sprintf("u%d", i)}}, e.Resources)
		diff(t, e.ID+" username", fmt.Sprintf("u%d", i%7), e.Username)
	}
	diff(t, "Lookup EventName=CreateUser in the batch", []string{"batch-010"},
		names(lookupAll(t, s, store.EventQuery{AccountID: acct, Attribute: store.EventByName, Value: "CreateUser", Start: at(100)}),
			func(e store.Event) string { return e.ID }))
}

func lookupAll(t *testing.T, s store.Store, q store.EventQuery) []store.Event {
	var got []store.Event
	view(t, s, func(tx store.Tx) (err error) { got, _, err = tx.Events().Lookup(ctx, q); return err })
	return got
}

// testPendingEvent: a request's pending event is recorded by the first write transaction that
// commits, not by one that rolls back, nor by one that only reads, and only once.
func testPendingEvent(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	builds := 0
	p := &store.PendingEvent{Build: func() store.Event {
		builds++
		return store.Event{ID: "pending-1", Time: at(1), AccountID: acct, Name: "CreateUser", Record: []byte(`{}`)}
	}}
	pctx := store.WithPendingEvent(ctx, p)
	errBoom := errors.New("boom")
	err := s.Update(pctx, func(tx store.Tx) error {
		if err := tx.Users().Create(ctx, newUser("rolled")); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "Update that fails", err, errBoom)
	if p.Recorded() {
		t.Fatal("a rolled-back transaction marked the pending event recorded")
	}
	if err := s.Update(pctx, func(tx store.Tx) error { _, _, err := tx.Users().List(ctx, acct, store.ListOptions{}); return err }); err != nil {
		t.Fatal(err)
	}
	if p.Recorded() {
		t.Fatal("a transaction without writes recorded the pending event")
	}
	for range 2 {
		if err := s.Update(pctx, func(tx store.Tx) error {
			return tx.Users().Create(ctx, newUser(id("u")))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if !p.Recorded() {
		t.Fatal("the committed write did not record the pending event")
	}
	var got []store.Event
	view(t, s, func(tx store.Tx) (err error) {
		got, _, err = tx.Events().Lookup(ctx, store.EventQuery{AccountID: acct})
		return err
	})
	diff(t, "events after the writes", []string{"pending-1"}, names(got, func(e store.Event) string { return e.ID }))
	diff(t, "builds", 1, builds) // only the committing transaction builds it
}

func newUser(name string) store.User {
	return store.User{ID: id("AIDA"), AccountID: acct, Name: name, Path: "/", ARN: "arn:aws:iam::" + acct + ":user/" + name, Created: t0}
}
