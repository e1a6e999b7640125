package organizations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// reportOrder sorts a report's services as a SortKey asks (by namespace by default); services
// never accessed sort as the oldest.
func reportOrder(key *iamwire.SortKeyType) func(a, b accessedService) int {
	byNS := func(a, b accessedService) int { return strings.Compare(a.Namespace, b.Namespace) }
	byTime := func(a, b accessedService) int {
		if c := a.Last.Compare(b.Last); c != 0 {
			return c
		}
		return byNS(a, b)
	}
	if key == nil {
		return byNS
	}
	switch *key {
	case iamwire.SortKeyTypeServiceNamespaceDescending:
		return func(a, b accessedService) int { return byNS(b, a) }
	case iamwire.SortKeyTypeLastAuthenticatedTimeAscending:
		return byTime
	case iamwire.SortKeyTypeLastAuthenticatedTimeDescending:
		return func(a, b accessedService) int { return byTime(b, a) }
	}
	return byNS
}

func (a accessedService) wire() iamwire.AccessDetail {
	d := iamwire.AccessDetail{ServiceName: a.Name, ServiceNamespace: a.Namespace}
	if !a.Last.IsZero() {
		d.LastAuthenticatedTime, d.Region, d.EntityPath, d.TotalAuthenticatedEntities = new(a.Last), new(a.Region), new(a.EntityPath), new(a.Total)
	}
	return d
}

var getOrganizationsAccessReport = &op.Op[*Organizations, iamwire.GetOrganizationsAccessReportInput, iamwire.GetOrganizationsAccessReportOutput, op.None]{
	Name:   "GetOrganizationsAccessReport",
	Action: "iam:GetOrganizationsAccessReport",
	Handle: func(s *Organizations, ctx context.Context, r *op.Request[iamwire.GetOrganizationsAccessReportInput, op.None]) (*iamwire.GetOrganizationsAccessReportOutput, error) {
		account, id := r.Account(), r.In.JobId
		var job store.ReportJob
		var content []byte
		err := s.Store.View(ctx, func(tx store.Tx) (err error) {
			if job, err = tx.LastAccessed().GetJob(ctx, account, id); err != nil {
				return err
			}
			if job.Kind != jobOrganizationsAccess {
				return store.ErrNotFound
			}
			content, err = tx.LastAccessed().JobResult(ctx, account, id)
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			return nil, iamwire.ErrNoSuchEntity("The job with ID %s cannot be found.", id)
		} else if err != nil {
			return nil, err
		}
		var rep accessReport
		if err := json.Unmarshal(content, &rep); err != nil {
			return nil, fmt.Errorf("organizations: reading the report of job %s: %w", id, err)
		}
		out := &iamwire.GetOrganizationsAccessReportOutput{JobStatus: iamwire.JobStatusType(job.Status), JobCreationDate: job.Created,
			JobCompletionDate: new(job.Completed), ErrorDetails: rep.Error}
		if rep.Error != nil {
			return out, nil
		}
		accessed := int32(0)
		for _, svc := range rep.Services {
			if !svc.Last.IsZero() {
				accessed++
			}
		}
		out.NumberOfServicesAccessible, out.NumberOfServicesNotAccessed = new(accessed), new(int32(len(rep.Services))-accessed)
		slices.SortStableFunc(rep.Services, reportOrder(r.In.SortKey))
		page, err := core.SlicePage(rep.Services, r.In.Marker, r.In.MaxItems)
		if err != nil {
			return nil, err
		}
		out.AccessDetails = make([]iamwire.AccessDetail, len(page.Items))
		for i, svc := range page.Items {
			out.AccessDetails[i] = svc.wire()
		}
		out.Marker, out.IsTruncated = page.Marker, page.IsTruncated
		return out, nil
	},
}

func (s *Organizations) GetOrganizationsAccessReport(ctx context.Context, in *iamwire.GetOrganizationsAccessReportInput) (*iamwire.GetOrganizationsAccessReportOutput, error) {
	return getOrganizationsAccessReport.Run(ctx, s, in)
}
