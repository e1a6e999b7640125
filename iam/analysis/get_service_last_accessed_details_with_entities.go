package analysis

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServiceLastAccessedDetailsWithEntities returns, for one service of a report, the users
// and roles that could have used the report's entity's permissions to access it — a group's
// members, a policy's users and roles, or the user or role itself — most recent access first,
// with when each last did. Entities that never did follow, by name. A service the report does
// not list (the permissions do not allow it) has no entities.
var getServiceLastAccessedDetailsWithEntities = accountRow("GetServiceLastAccessedDetailsWithEntities", (*Analysis).getServiceLastAccessedDetailsWithEntitiesFor)

func (s *Analysis) GetServiceLastAccessedDetailsWithEntities(ctx context.Context, in *iamwire.GetServiceLastAccessedDetailsWithEntitiesInput) (*iamwire.GetServiceLastAccessedDetailsWithEntitiesOutput, error) {
	return getServiceLastAccessedDetailsWithEntities.Run(ctx, s, in)
}

// getServiceLastAccessedDetailsWithEntitiesFor is GetServiceLastAccessedDetailsWithEntities's answer for account.
func (s *Analysis) getServiceLastAccessedDetailsWithEntitiesFor(ctx context.Context, account string, in *iamwire.GetServiceLastAccessedDetailsWithEntitiesInput) (*iamwire.GetServiceLastAccessedDetailsWithEntitiesOutput, error) {
	var rep report
	job, err := loadJob(ctx, s.Store, account, in.JobId, jobServiceLastAccessed, &rep)
	if err != nil {
		return nil, err
	}
	ns := strings.ToLower(in.ServiceNamespace)
	listed := false
	for _, svc := range rep.Services {
		listed = listed || svc.Namespace == ns
	}
	var entities []reportEntity
	if listed {
		entities = append(entities, rep.Entities...)
	}
	sort.SliceStable(entities, func(i, j int) bool {
		ti, tj := entities[i].Last[ns], entities[j].Last[ns]
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return entities[i].Name < entities[j].Name
	})

	start := 0
	if in.Marker != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*in.Marker)
		n, cerr := strconv.Atoi(string(raw))
		if err != nil || cerr != nil || n <= 0 || n >= len(entities) {
			return nil, invalidMarker()
		}
		start = n
	}
	limit := defaultMaxItems
	if in.MaxItems != nil {
		limit = int(*in.MaxItems)
	}
	end := min(start+limit, len(entities))
	out := &iamwire.GetServiceLastAccessedDetailsWithEntitiesOutput{JobStatus: iamwire.JobStatusType(job.Status),
		JobCreationDate: job.Created, JobCompletionDate: job.Completed, EntityDetailsList: []iamwire.EntityDetails{}}
	for _, e := range entities[start:end] {
		d := iamwire.EntityDetails{EntityInfo: iamwire.EntityInfo{Arn: e.ARN, Name: e.Name,
			Type: iamwire.PolicyOwnerEntityType(e.Type), Id: e.ID, Path: strPtr(e.Path)}}
		if t, ok := e.Last[ns]; ok {
			d.LastAuthenticated = timePtr(t)
		}
		out.EntityDetailsList = append(out.EntityDetailsList, d)
	}
	truncated := end < len(entities)
	out.IsTruncated = &truncated
	if truncated {
		m := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		out.Marker = &m
	}
	return out, nil
}

func strPtr(s string) *string { return &s }

func timePtr(t time.Time) *time.Time {
	t = t.UTC()
	return &t
}
