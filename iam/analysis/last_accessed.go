package analysis

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// jobServiceLastAccessed is the kind of access advisor's report jobs, as stored in
// store.ReportJob.Kind.
const jobServiceLastAccessed = "service-last-accessed"

// trackedActionServices are the services whose actions access advisor tracks one by one
// (IAM User Guide, "IAM action last accessed information services and actions": Amazon EC2,
// IAM, Lambda and Amazon S3 management actions). For the others an ACTION_LEVEL report has
// service-level data only.
var trackedActionServices = map[string]bool{"ec2": true, "iam": true, "lambda": true, "s3": true}

// report is a service last accessed report as generated: a snapshot, stored with its job
// (store.LastAccessed.PutJobResult) and read back by the Get operations.
type report struct {
	// Services are the services the entity's permissions policies allow, by namespace.
	Services []reportService `json:"services"`
	// Entities are the users and roles whose accesses the report counts (GetServiceLastAccessedDetailsWithEntities).
	Entities []reportEntity `json:"entities"`
}

type reportService struct {
	Namespace string    `json:"ns"`
	Name      string    `json:"name"`
	Last      time.Time `json:"last,omitzero"`
	Entity    string    `json:"entity,omitempty"`
	Region    string    `json:"region,omitempty"`
	Total     int       `json:"total"`
	// Actions are the tracked actions the policies allow (ACTION_LEVEL reports only).
	Actions []reportAction `json:"actions,omitempty"`
}

type reportAction struct {
	Name   string    `json:"name"`
	Last   time.Time `json:"last,omitzero"`
	Entity string    `json:"entity,omitempty"`
	Region string    `json:"region,omitempty"`
}

type reportEntity struct {
	ARN  string `json:"arn"`
	Name string `json:"name"`
	Type string `json:"type"` // USER or ROLE
	ID   string `json:"id"`
	Path string `json:"path"`
	// Last is when the entity last attempted to access each reported service, by namespace.
	Last map[string]time.Time `json:"last,omitempty"`
}

// reportTarget is what a report is generated for: a user, group or role, or a managed policy.
type reportTarget struct {
	ref    entityRef
	arn    string
	entity *principalEntity // nil for a policy
	// policyDoc is a managed policy's default document.
	policyDoc string
	found     bool
}

// findTarget reads the entity or managed policy ref names, in account.
func findTarget(ctx context.Context, tx store.Tx, account string, ref entityRef) (reportTarget, error) {
	t := reportTarget{ref: ref}
	if ref.kind != kindPolicy {
		e, err := findEntity(ctx, tx, account, ref)
		if err != nil || e == nil {
			return t, err
		}
		t.entity, t.arn, t.found = e, e.arn, true
		return t, nil
	}
	if ref.account == "aws" {
		if p, ok := managed.Lookup(ref.raw); ok {
			t.arn, t.policyDoc, t.found = p.ARN, p.Document, true
		}
		return t, nil
	}
	if ref.account != account {
		return t, nil
	}
	p, err := tx.Policies().GetByARN(ctx, ref.raw)
	if errors.Is(err, store.ErrNotFound) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	v, err := tx.Policies().GetVersion(ctx, p.ID, p.DefaultVersionID)
	if err != nil {
		return t, err
	}
	t.arn, t.policyDoc, t.found = p.ARN, v.Document, true
	return t, nil
}

// generateReport builds the report of a target found in account, from its policies and the
// access records of the entities it covers, as of now.
func generateReport(ctx context.Context, tx store.Tx, accesses *lastaccess.Data, account string, t reportTarget, actionLevel bool, now time.Time) (*report, error) {
	// The policies whose grants define the services listed: permissions policies only ("does
	// not use other policy types ... permissions boundaries").
	var docs []string
	if t.entity != nil {
		pols, err := loadPolicies(ctx, tx, t.entity)
		if err != nil {
			return nil, err
		}
		for _, p := range pols.identity {
			docs = append(docs, p.doc)
		}
	} else {
		docs = []string{t.policyDoc}
	}
	granted := identity.GrantedActions(docs)

	entities, err := coveredEntities(ctx, tx, account, t)
	if err != nil {
		return nil, err
	}
	since := now.Add(-trackingPeriod)
	type key struct{ ns, action string }
	latest := map[key]store.AccessRecord{}
	total := map[string]int{}
	for i := range entities {
		e := &entities[i]
		recs, err := accesses.List(ctx, tx, account, e.ARN)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.When.Before(since) {
				continue
			}
			if _, ok := granted[r.Namespace]; !ok {
				continue
			}
			k := key{r.Namespace, r.Action}
			if cur, ok := latest[k]; !ok || r.When.After(cur.When) {
				latest[k] = r
			}
			if r.Action == "" {
				total[r.Namespace]++
				if e.Last == nil {
					e.Last = map[string]time.Time{}
				}
				e.Last[r.Namespace] = r.When
			}
		}
	}

	rep := &report{Services: []reportService{}, Entities: entities}
	for _, ns := range sortedKeys(granted) {
		svc := reportService{Namespace: ns, Name: core.ServiceName(ns), Total: total[ns]}
		if r, ok := latest[key{ns, ""}]; ok {
			svc.Last, svc.Entity, svc.Region = r.When, r.AuthenticatedEntity, r.Region
		}
		if actionLevel && trackedActionServices[ns] {
			svc.Actions = []reportAction{}
			for _, a := range sortedKeys(granted[ns]) {
				ra := reportAction{Name: a}
				for k, r := range latest {
					if k.ns == ns && strings.EqualFold(k.action, a) {
						ra.Last, ra.Entity, ra.Region = r.When, r.AuthenticatedEntity, r.Region
					}
				}
				svc.Actions = append(svc.Actions, ra)
			}
		}
		rep.Services = append(rep.Services, svc)
	}
	return rep, nil
}

// coveredEntities are the users and roles whose accesses a report counts: the user or role
// itself, a group's members, and for a policy every user and role that has it, directly or
// through a group.
func coveredEntities(ctx context.Context, tx store.Tx, account string, t reportTarget) ([]reportEntity, error) {
	var out []reportEntity
	seen := map[string]bool{}
	add := func(typ, id, name, path string) {
		kind := "user"
		if typ == string(iamwire.PolicyOwnerEntityTypeRole) {
			kind = "role"
		}
		a := "arn:aws:iam::" + account + ":" + kind + path + name
		if !seen[a] {
			seen[a] = true
			out = append(out, reportEntity{ARN: a, Name: name, Type: typ, ID: id, Path: path})
		}
	}
	members := func(groupID string) error {
		us, err := core.All(func(o store.ListOptions) ([]store.User, bool, error) { return tx.Groups().Members(ctx, groupID, o) },
			func(u *store.User) string { return u.Name })
		for _, u := range us {
			add(string(iamwire.PolicyOwnerEntityTypeUser), u.ID, u.Name, u.Path)
		}
		return err // on an error us is nil and the caller discards what was added
	}
	if e := t.entity; e != nil {
		switch e.kind {
		case kindUser:
			add(string(iamwire.PolicyOwnerEntityTypeUser), e.id, e.name, e.path)
		case kindRole:
			add(string(iamwire.PolicyOwnerEntityTypeRole), e.id, e.name, e.path)
		case kindGroup:
			if err := members(e.id); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	o := store.EntityListOptions{Usage: store.UsagePermissions, Limit: store.MaxListLimit}
	for {
		es, more, err := tx.Attachments().Entities(ctx, account, t.arn, o)
		if err != nil {
			return nil, err
		}
		for _, pe := range es {
			switch pe.Kind {
			case store.PrincipalUser:
				add(string(iamwire.PolicyOwnerEntityTypeUser), pe.ID, pe.Name, pe.Path)
			case store.PrincipalRole:
				add(string(iamwire.PolicyOwnerEntityTypeRole), pe.ID, pe.Name, pe.Path)
			case store.PrincipalGroup:
				if err := members(pe.ID); err != nil {
					return nil, err
				}
			}
		}
		if !more || len(es) == 0 {
			return out, nil
		}
		last := es[len(es)-1]
		o.After = &last
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// GenerateServiceLastAccessedDetails generates an access advisor report for a user, group,
// role or managed policy: the services its permissions policies allow, each with the last
// time one of the users or roles it covers attempted to access it (a group's members; for a
// policy, whoever has it, directly or through a group), from the attempts the authorizer
// records in the audit trail (package lastaccess). With ACTION_LEVEL the tracked services' actions are reported too. AWS runs the job
// asynchronously; Gatehouse completes it at once, so the first GetServiceLastAccessedDetails
// already answers COMPLETED.
var generateServiceLastAccessedDetails = &op.Op[*Analysis, iamwire.GenerateServiceLastAccessedDetailsInput, iamwire.GenerateServiceLastAccessedDetailsOutput, reportTarget]{
	Name: "GenerateServiceLastAccessedDetails", Action: "iam:GenerateServiceLastAccessedDetails",
	Resolve: entityAt(func(in *iamwire.GenerateServiceLastAccessedDetailsInput) string { return in.Arn },
		[]entityKind{kindUser, kindGroup, kindRole, kindPolicy},
		func(ctx context.Context, tx store.Tx, account string, ref entityRef) (reportTarget, bool, error) {
			t, err := findTarget(ctx, tx, account, ref)
			return t, t.found, err
		},
		func(account string, _ entityRef, t reportTarget, _ bool) (string, string) {
			return targetResource(account, t)
		}),
	Handle: func(s *Analysis, ctx context.Context, r *op.Request[iamwire.GenerateServiceLastAccessedDetailsInput, reportTarget]) (*iamwire.GenerateServiceLastAccessedDetailsOutput, error) {
		in, account := r.In, r.Account()
		granularity := iamwire.AccessAdvisorUsageGranularityTypeServiceLevel
		if in.Granularity != nil {
			granularity = *in.Granularity
		}
		// The records buffered since the last flush belong in the report.
		if err := s.Usage.Flush(ctx); err != nil {
			return nil, err
		}
		id, err := core.NewJobID(s.Rand)
		if err != nil {
			return nil, err
		}
		now := s.Timestamp()
		if s.Accesses != nil {
			s.Accesses.Flush(ctx)
		}
		accesses, err := lastaccess.Read(ctx, s.Accesses, account, now)
		if err != nil {
			return nil, err
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := findTarget(ctx, tx, account, r.Entity().ref)
			if err != nil {
				return err
			}
			if !cur.found {
				return noSuchTarget(r.Entity().ref)
			}
			rep, err := generateReport(ctx, tx, accesses, account, cur, granularity == iamwire.AccessAdvisorUsageGranularityTypeActionLevel, now)
			if err != nil {
				return err
			}
			content, err := json.Marshal(rep)
			if err != nil {
				return fmt.Errorf("analysis: encoding a report: %w", err)
			}
			la := tx.LastAccessed()
			if err := la.CreateJob(ctx, store.ReportJob{ID: id, AccountID: account, Kind: jobServiceLastAccessed, EntityARN: cur.arn,
				Granularity: string(granularity), Status: string(iamwire.JobStatusTypeCompleted), Created: now, Completed: now}); err != nil {
				return err
			}
			return la.PutJobResult(ctx, account, id, content)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.GenerateServiceLastAccessedDetailsOutput{JobId: &id}, nil
	}}

// targetResource is the resource GenerateServiceLastAccessedDetails is authorized against:
// the entity's or policy's own ARN (an AWS managed policy's belongs to no account, so it is
// authorized as the caller's), else as resourceOf says.
func targetResource(account string, t reportTarget) (resource, owner string) {
	if t.ref.kind != kindPolicy {
		return resourceOf(account, t.ref, t.entity)
	}
	switch {
	case t.found:
		return t.arn, account
	case t.ref.account == "aws":
		return t.ref.raw, account
	}
	return resourceOf(account, t.ref, nil)
}

// noSuchTarget: the user, group, role or policy does not exist.
func noSuchTarget(ref entityRef) error {
	if ref.kind == kindPolicy {
		return iamerr.NoSuchPolicy.Err(ref.raw)
	}
	return core.NoSuchPrincipal(ref.kind.principal(), ref.name)
}

// GetServiceLastAccessedDetails returns a report GenerateServiceLastAccessedDetails made: the
// services the entity's policies allow, by namespace, each with its last access (when, by
// whom, from which region) and the number of entities that accessed it; for ACTION_LEVEL
// reports, the tracked actions too. Pages follow Marker and MaxItems.
var getServiceLastAccessedDetails = accountRow("GetServiceLastAccessedDetails", (*Analysis).getServiceLastAccessedDetailsFor)

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

// GetServiceLastAccessedDetailsWithEntities returns, for one service of a report, the users
// and roles that could have used the report's entity's permissions to access it — a group's
// members, a policy's users and roles, or the user or role itself — most recent access first,
// with when each last did. Entities that never did follow, by name. A service the report does
// not list (the permissions do not allow it) has no entities.
var getServiceLastAccessedDetailsWithEntities = accountRow("GetServiceLastAccessedDetailsWithEntities", (*Analysis).getServiceLastAccessedDetailsWithEntitiesFor)

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
