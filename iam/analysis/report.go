package analysis

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
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
		o := store.ListOptions{Limit: store.MaxListLimit}
		for {
			us, more, err := tx.Groups().Members(ctx, groupID, o)
			if err != nil {
				return err
			}
			for _, u := range us {
				add(string(iamwire.PolicyOwnerEntityTypeUser), u.ID, u.Name, u.Path)
			}
			if !more || len(us) == 0 {
				return nil
			}
			o.After = us[len(us)-1].Name
		}
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
