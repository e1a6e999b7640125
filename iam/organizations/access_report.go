package organizations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/orgdata"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GenerateOrganizationsAccessReport and GetOrganizationsAccessReport: service last accessed
// data for an entity of the organization (root, OU, account), or for one SCP within it, from
// the access records the authorizer keeps for access advisor (the member accounts' users' and
// roles' attempts). AWS runs the job asynchronously; Gatehouse completes it at once. What AWS
// documents as preconditions (the management account calling, SCPs enabled, an entity of the
// organization) fail the job, with ErrorDetails, since the model lists no error for them
// (the codes and messages are unconfirmed; looked: the model's ErrorDetails and the two
// operations' documentation, the IAM User Guide's "Refining permissions using service last
// accessed data", GitHub issues).

const jobOrganizationsAccess = "organizations-access"

// accessReport is a job's stored result.
type accessReport struct {
	Error    *iamwire.ErrorDetails `json:"error,omitempty"`
	Services []accessedService     `json:"services"`
}

type accessedService struct {
	Namespace  string    `json:"ns"`
	Name       string    `json:"name"`
	Last       time.Time `json:"last,omitzero"`
	Region     string    `json:"region,omitempty"`
	EntityPath string    `json:"path,omitempty"`
	Total      int32     `json:"total,omitempty"`
}

// trackingPeriod is how far back the data reaches, as access advisor's (400 days).
const trackingPeriod = 400 * 24 * time.Hour

var generateOrganizationsAccessReport = &op.Op[*Organizations, iamwire.GenerateOrganizationsAccessReportInput, iamwire.GenerateOrganizationsAccessReportOutput, op.None]{
	Name:   "GenerateOrganizationsAccessReport",
	Action: "iam:GenerateOrganizationsAccessReport",
	Resolve: op.Resolver[*Organizations, iamwire.GenerateOrganizationsAccessReportInput, op.None]{Find: func(_ *Organizations, _ context.Context, call *callctx.Call, in *iamwire.GenerateOrganizationsAccessReportInput) (op.Target[op.None], error) {
		return op.Target[op.None]{ARN: "arn:aws:iam::" + call.Caller.AccountID + ":access-report/" + in.EntityPath}, nil
	}},
	Handle: func(s *Organizations, ctx context.Context, r *op.Request[iamwire.GenerateOrganizationsAccessReportInput, op.None]) (*iamwire.GenerateOrganizationsAccessReportOutput, error) {
		if err := s.Usage.Flush(ctx); err != nil { // the records buffered belong in the report
			return nil, err
		}
		id, err := core.NewJobID(s.Rand)
		if err != nil {
			return nil, err
		}
		account, now := r.Account(), s.Timestamp()
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			rep, err := buildReport(ctx, tx, account, r.In, now)
			if err != nil {
				return err
			}
			status := iamwire.JobStatusTypeCompleted
			if rep.Error != nil {
				status = iamwire.JobStatusTypeFailed
			}
			content, err := json.Marshal(rep)
			if err != nil {
				return fmt.Errorf("organizations: encoding a report: %w", err)
			}
			la := tx.LastAccessed()
			if err := la.CreateJob(ctx, store.ReportJob{ID: id, AccountID: account, Kind: jobOrganizationsAccess, EntityARN: r.In.EntityPath,
				Status: string(status), Created: now, Completed: now}); err != nil {
				return err
			}
			return la.PutJobResult(ctx, account, id, content)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GenerateOrganizationsAccessReportOutput{JobId: &id}, nil
	},
}

// buildReport resolves the request's scope and gathers its services' last accesses; a
// failed precondition is the report's Error.
func buildReport(ctx context.Context, tx store.Tx, account string, in *iamwire.GenerateOrganizationsAccessReportInput, now time.Time) (*accessReport, error) {
	sc, err := reportScope(ctx, tx, account, in)
	var bad *errScope
	switch {
	case errors.As(err, &bad):
		return &accessReport{Error: &iamwire.ErrorDetails{Code: bad.code, Message: bad.message}, Services: []accessedService{}}, nil
	case err != nil:
		return nil, err
	}
	return gather(ctx, tx, sc, now)
}

// reportScope checks the caller and the organization, and resolves the entity path and
// policy.
func reportScope(ctx context.Context, tx store.Tx, account string, in *iamwire.GenerateOrganizationsAccessReportInput) (*scope, error) {
	o, err := readOrg(ctx, tx, account)
	var notFound *awserr.Error
	if errors.As(err, &notFound) {
		return nil, &errScope{code: notFound.Code, message: notFound.Message}
	} else if err != nil {
		return nil, err
	}
	if !o.manages {
		return nil, &errScope{code: "CallerIsNotManagementAccount", message: "The report can be generated only by the management account of the organization."}
	}
	chain, err := orgdata.Load(ctx, tx, account)
	if err != nil {
		return nil, err
	}
	if chain == nil || chain.SCPs == nil {
		return nil, &errScope{code: "PolicyTypeNotEnabled", message: "Service control policies must be enabled for the organization root."}
	}
	sc, err := resolveScope(ctx, tx, o, in.EntityPath)
	if err != nil {
		return nil, err
	}
	if in.OrganizationsPolicyId != nil {
		return sc, sc.onlyPolicy(ctx, tx, o.id, *in.OrganizationsPolicyId, identity.GrantedActions)
	}
	return sc, sc.allowedBy(ctx, tx, o.id, identity.GrantedActions)
}

// gather reads the last accesses of the scope's accounts' users and roles to its services.
func gather(ctx context.Context, tx store.Tx, sc *scope, now time.Time) (*accessReport, error) {
	byNS := map[string]*accessedService{}
	entities := map[string]map[string]bool{}
	since := now.Add(-trackingPeriod)
	for _, acct := range sc.accounts {
		arns, err := principalARNs(ctx, tx, acct)
		if err != nil {
			return nil, err
		}
		for _, arn := range arns {
			recs, err := tx.LastAccessed().List(ctx, acct, arn)
			if err != nil {
				return nil, err
			}
			for _, rec := range recs {
				if rec.Action != "" || rec.When.Before(since) || !sc.all && !sc.services[rec.Namespace] {
					continue
				}
				if entities[rec.Namespace] == nil {
					entities[rec.Namespace] = map[string]bool{}
				}
				entities[rec.Namespace][arn] = true
				cur := byNS[rec.Namespace]
				if cur == nil || rec.When.After(cur.Last) {
					byNS[rec.Namespace] = &accessedService{Last: rec.When, Region: rec.Region, EntityPath: entityPath(sc, acct)}
				}
			}
		}
	}
	names := servicesListed(sc)
	rep := &accessReport{Services: make([]accessedService, 0, len(names))}
	for _, ns := range names {
		svc := accessedService{Namespace: ns, Name: core.ServiceName(ns)}
		if got := byNS[ns]; got != nil {
			svc.Last, svc.Region, svc.EntityPath, svc.Total = got.Last, got.Region, got.EntityPath, int32(len(entities[ns]))
		}
		rep.Services = append(rep.Services, svc)
	}
	return rep, nil
}

// entityPath is an account's path under the scope's entity.
func entityPath(sc *scope, acct string) string {
	p := strings.TrimSuffix(sc.path, "/")
	if strings.HasSuffix(p, "/"+acct) {
		return p
	}
	// AWS's form: the model's EntityPath documentation writes an account under an OU as
	// o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-rge0-awsabcde/123456789012.
	return p + "/" + acct
}

// servicesListed are the namespaces the report lists, sorted.
func servicesListed(sc *scope) []string {
	var out []string
	if sc.all {
		for _, svc := range authref.Services() {
			out = append(out, svc.Prefix)
		}
	} else {
		for ns := range sc.services {
			out = append(out, ns)
		}
	}
	slices.Sort(out)
	return out
}

// principalARNs lists the ARNs of an account's users and roles.
func principalARNs(ctx context.Context, tx store.Tx, account string) ([]string, error) {
	users, err := core.All(func(o store.ListOptions) ([]store.User, bool, error) { return tx.Users().List(ctx, account, o) },
		func(u *store.User) string { return u.Name })
	if err != nil {
		return nil, err
	}
	roles, err := core.All(func(o store.ListOptions) ([]store.Role, bool, error) { return tx.Roles().List(ctx, account, o) },
		func(r *store.Role) string { return r.Name })
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(users)+len(roles))
	for _, u := range users {
		out = append(out, u.ARN)
	}
	for _, r := range roles {
		out = append(out, r.ARN)
	}
	return out, nil
}

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
			return nil, iamerr.NoSuchJob.Err(id)
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
