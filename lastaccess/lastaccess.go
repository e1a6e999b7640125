// Package lastaccess reads last-accessed data — for each IAM user and role, the last attempt to
// use each service and action, with its region — from the audit trail, for access advisor
// (GetServiceLastAccessedDetails and its kin) and Access Analyzer's unused access.
//
// The trail is the source for the period it keeps (its retention, 90 days by default): an
// attempt is a decision the authorizer recorded in a call's record (additionalEventData
// .decisions), allowed or not, since AWS's last-accessed data "includes all attempts to access
// an AWS API, not just the successful ones" (IAM User Guide, "Refine permissions in AWS using last
// accessed information"). It is attributed to the user who made the call, or to the role (the
// user) a role (federation) session came from; the root user and web identity or SAML sessions
// are not tracked. AWS reports 400 days, longer than the trail is kept, so accesses before the
// trail's horizon come from the compact last-accessed records package usage keeps (one per
// entity, service and action); a node without a trail reads those records only.
package lastaccess

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Source is the audit trail as the reader needs it: *audit.Trail.
type Source interface {
	// Flush stores the records queued so far (the calls made before the read).
	Flush(ctx context.Context)
	// Lookup returns one page of an account's events, newest first.
	Lookup(ctx context.Context, q store.EventQuery) ([]store.Event, bool, error)
	// Retention is how long the trail keeps events.
	Retention() time.Duration
}

// FromTrail is t as a Source; nil (no Source) when the node keeps no trail.
func FromTrail(t *audit.Trail) Source {
	if t == nil {
		return nil
	}
	return t
}

type key struct{ entity, namespace, action string }

// Data is an account's last-accessed data as the trail holds it.
type Data struct {
	// horizon is the start of the period the trail covers.
	horizon time.Time
	latest  map[key]store.AccessRecord
}

// record is what the reader takes from a CloudTrail record (package audit's Record).
type record struct {
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		SessionContext *struct {
			SessionIssuer *struct {
				ARN string `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	AWSRegion           string `json:"awsRegion"`
	AdditionalEventData struct {
		Decisions []struct {
			Action string `json:"action"`
		} `json:"decisions"`
	} `json:"additionalEventData"`
}

// entity is the user or role an attempt is attributed to ("" for none).
func (r *record) entity() string {
	id := r.UserIdentity
	switch id.Type {
	case audit.TypeIAMUser:
		return id.ARN
	case audit.TypeAssumedRole, audit.TypeFederatedUser:
		if id.SessionContext != nil && id.SessionContext.SessionIssuer != nil {
			return id.SessionContext.SessionIssuer.ARN
		}
	}
	return ""
}

// Read reads account's last-accessed data from src as of now. Callers flush src first, outside
// any write transaction (the trail's writer needs one), so the calls made before theirs are
// counted. A nil src gives nil Data, whose List is the stored records alone.
func Read(ctx context.Context, src Source, account string, now time.Time) (*Data, error) {
	if src == nil {
		return nil, nil
	}
	d := &Data{horizon: now.Add(-src.Retention()), latest: map[key]store.AccessRecord{}}
	q := store.EventQuery{AccountID: account, Start: d.horizon}
	for {
		page, more, err := src.Lookup(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, ev := range page {
			d.add(account, ev)
		}
		if !more || len(page) == 0 {
			return d, nil
		}
		q.AfterTime, q.AfterID = page[len(page)-1].Time, page[len(page)-1].ID
	}
}

// add notes the attempts of one event.
func (d *Data) add(account string, ev store.Event) {
	var r record
	if json.Unmarshal(ev.Record, &r) != nil {
		return
	}
	entity := r.entity()
	if entity == "" {
		return
	}
	for _, dec := range r.AdditionalEventData.Decisions {
		ns, name, ok := strings.Cut(dec.Action, ":")
		if !ok || ns == "" || name == "" {
			continue
		}
		ns = strings.ToLower(ns)
		for _, act := range [2]string{"", name} {
			k := key{entity, ns, act}
			if cur, ok := d.latest[k]; ok && !ev.Time.After(cur.When) {
				continue
			}
			d.latest[k] = store.AccessRecord{AccountID: account, EntityARN: entity, Namespace: ns, Action: act, When: ev.Time,
				AuthenticatedEntity: entity, Region: r.AWSRegion}
		}
	}
}

// List returns an entity's last-accessed records, ordered by namespace and action: the trail's
// for the period it covers, and the stored records of accesses before it.
func (d *Data) List(ctx context.Context, tx store.Tx, account, entity string) ([]store.AccessRecord, error) {
	stored, err := tx.LastAccessed().List(ctx, account, entity)
	if err != nil || d == nil {
		return stored, err
	}
	var out []store.AccessRecord
	seen := map[key]bool{}
	for k, r := range d.latest {
		if k.entity == entity {
			out, seen[k] = append(out, r), true
		}
	}
	for _, r := range stored {
		if r.When.Before(d.horizon) && !seen[key{entity, r.Namespace, r.Action}] {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.AccessRecord) int {
		return cmp.Or(strings.Compare(a.Namespace, b.Namespace), strings.Compare(a.Action, b.Action))
	})
	return out, nil
}

// InTx is src read inside the caller's transaction tx, with the same query audit's Lookup runs
// in a read transaction of its own: on a store whose readers and writer share one connection
// (SQLite in memory), a second transaction would wait for the caller's to end. A nil src is nil.
func InTx(src Source, tx store.Tx) Source {
	if src == nil {
		return nil
	}
	return inTx{src, tx}
}

type inTx struct {
	Source
	tx store.Tx
}

func (s inTx) Lookup(ctx context.Context, q store.EventQuery) ([]store.Event, bool, error) {
	return s.tx.Events().Lookup(ctx, q)
}
