package analyzer

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/gatehouse-iam/gatehouse/store"
)

// trailRecord is what policy generation reads of an audit record (a CloudTrail record,
// package audit): who made the call and the authorizer's decisions in it.
type trailRecord struct {
	UserIdentity struct {
		Type           string
		ARN            string
		SessionContext *struct{ SessionIssuer *struct{ ARN string } }
	}
	AdditionalEventData struct {
		Decisions []struct{ Action, Resource, Decision string }
	}
}

// madeBy reports whether the call was made by principal: the user itself, or a session of
// the role.
func (r *trailRecord) madeBy(principal string) bool {
	id := r.UserIdentity
	if id.Type == "IAMUser" {
		return id.ARN == principal
	}
	return id.SessionContext != nil && id.SessionContext.SessionIssuer != nil && id.SessionContext.SessionIssuer.ARN == principal
}

// trailActions fills the job's actions and resources from the audit trail of the principal's
// account in the job's period, and reports whether it found any call of the principal.
func trailActions(ctx context.Context, tx store.Tx, principal string, j *generationJob) (bool, error) {
	account := principalAccount(principal)
	q := store.EventQuery{AccountID: account, Start: j.Start}
	if j.Trail != nil && j.Trail.EndTime != nil {
		q.End = j.End // else up to now, however the clocks of the nodes that recorded the calls differ
	}
	seen := map[string]map[string]bool{}
	found := false
	for {
		page, more, err := tx.Events().Lookup(ctx, q)
		if err != nil {
			return false, err
		}
		for _, ev := range page {
			var rec trailRecord
			if json.Unmarshal(ev.Record, &rec) != nil || !rec.madeBy(principal) {
				continue
			}
			found = true
			for _, d := range rec.AdditionalEventData.Decisions {
				if d.Decision != "Allow" {
					continue // what the principal was refused is not what it did
				}
				act := d.Action
				if name, ok := authrefAction(act); ok {
					act = name
				}
				if seen[act] == nil {
					seen[act] = map[string]bool{}
				}
				seen[act][d.Resource] = true
			}
		}
		if !more || len(page) == 0 {
			break
		}
		q.AfterTime, q.AfterID = page[len(page)-1].Time, page[len(page)-1].ID
	}
	j.Resources = map[string][]string{}
	for act, res := range seen {
		j.Actions = append(j.Actions, act)
		rs := []string{}
		for r := range res {
			if r != "" {
				rs = append(rs, r)
			}
		}
		slices.Sort(rs)
		if slices.Contains(rs, "*") {
			rs = []string{"*"}
		}
		j.Resources[act] = rs
	}
	slices.Sort(j.Actions)
	return found, nil
}
