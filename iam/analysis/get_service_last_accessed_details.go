package analysis

import (
	"context"
	"encoding/base64"
	"sort"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServiceLastAccessedDetails returns a report GenerateServiceLastAccessedDetails made: the
// services the entity's policies allow, by namespace, each with its last access (when, by
// whom, from which region) and the number of entities that accessed it; for ACTION_LEVEL
// reports, the tracked actions too. Pages follow Marker and MaxItems.
var getServiceLastAccessedDetails = accountRow("GetServiceLastAccessedDetails", (*Analysis).getServiceLastAccessedDetailsFor)

func (s *Analysis) GetServiceLastAccessedDetails(ctx context.Context, in *iamwire.GetServiceLastAccessedDetailsInput) (*iamwire.GetServiceLastAccessedDetailsOutput, error) {
	return getServiceLastAccessedDetails.Run(ctx, s, in)
}

// getServiceLastAccessedDetailsFor is GetServiceLastAccessedDetails's answer for account.
func (s *Analysis) getServiceLastAccessedDetailsFor(ctx context.Context, account string, in *iamwire.GetServiceLastAccessedDetailsInput) (*iamwire.GetServiceLastAccessedDetailsOutput, error) {
	var rep report
	job, err := loadJob(ctx, s.Store, account, in.JobId, jobServiceLastAccessed, &rep)
	if err != nil {
		return nil, err
	}
	after := ""
	if in.Marker != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*in.Marker)
		if err != nil || len(raw) == 0 {
			return nil, invalidMarker()
		}
		after = string(raw)
	}
	limit := defaultMaxItems
	if in.MaxItems != nil {
		limit = int(*in.MaxItems)
	}
	start := sort.Search(len(rep.Services), func(i int) bool { return rep.Services[i].Namespace > after })
	end := min(start+limit, len(rep.Services))
	typ := iamwire.AccessAdvisorUsageGranularityType(job.Granularity)
	out := &iamwire.GetServiceLastAccessedDetailsOutput{JobStatus: iamwire.JobStatusType(job.Status), JobType: &typ,
		JobCreationDate: job.Created, JobCompletionDate: job.Completed, ServicesLastAccessed: []iamwire.ServiceLastAccessed{}}
	for _, svc := range rep.Services[start:end] {
		out.ServicesLastAccessed = append(out.ServicesLastAccessed, wireService(svc))
	}
	last := ""
	if end > start {
		last = rep.Services[end-1].Namespace
	}
	out.Marker, out.IsTruncated = core.NextMarker(end < len(rep.Services), last)
	return out, nil
}

func wireService(svc reportService) iamwire.ServiceLastAccessed {
	total := int32(svc.Total)
	out := iamwire.ServiceLastAccessed{ServiceName: svc.Name, ServiceNamespace: svc.Namespace, TotalAuthenticatedEntities: &total}
	if !svc.Last.IsZero() {
		out.LastAuthenticated, out.LastAuthenticatedEntity, out.LastAuthenticatedRegion = timePtr(svc.Last), strPtr(svc.Entity), strPtr(svc.Region)
	}
	if svc.Actions != nil {
		out.TrackedActionsLastAccessed = make([]iamwire.TrackedActionLastAccessed, 0, len(svc.Actions))
		for _, a := range svc.Actions {
			ta := iamwire.TrackedActionLastAccessed{ActionName: strPtr(a.Name)}
			if !a.Last.IsZero() {
				ta.LastAccessedTime, ta.LastAccessedEntity, ta.LastAccessedRegion = timePtr(a.Last), strPtr(a.Entity), strPtr(a.Region)
			}
			out.TrackedActionsLastAccessed = append(out.TrackedActionsLastAccessed, ta)
		}
	}
	return out
}
