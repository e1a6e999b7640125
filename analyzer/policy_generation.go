package analyzer

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Policy generation (StartPolicyGeneration, GetGeneratedPolicy, ListPolicyGenerations,
// CancelPolicyGeneration): a least-privilege identity policy for a user or role from what it
// actually did. AWS reads a CloudTrail trail; Gatehouse reads its own audit trail (package
// audit, store.Events): every call the principal (a user, or a session of the role) made in
// the period (the trail details' startTime to endTime; the last 90 days without them), and in
// each the authorizer's decisions that allowed it, which name the action and the resource ARN
// it was authorized on, iam:PassRole included when the call passed a role. Where the audit trail holds
// nothing for the principal (recorded by a node without one, or pruned), the last-accessed data
// of package usage is read instead: each action's latest attempt since the period's start,
// without resources. The job runs within the request, so it is
// SUCCEEDED (or FAILED, for a principal that does not exist) when StartPolicyGeneration
// returns; what it found is kept with the job, and GetGeneratedPolicy renders it.

// generationPeriod is the period a job without trail details reads, and the longest AWS accepts.
const generationPeriod = 90 * 24 * time.Hour

// generationJob is a policy generation job as stored (store.AnalyzerPolicyGeneration Body).
type generationJob struct {
	ID, Principal, ClientToken string
	Status                     analyzerwire.JobStatus
	StartedOn, CompletedOn     time.Time
	Error                      *analyzerwire.JobError `json:",omitempty"`
	Trail                      *analyzerwire.CloudTrailDetails
	Start, End                 time.Time
	// Actions are the actions used ("iam:ListUsers"), sorted; Services the services used with
	// no action recorded (the service-level template).
	Actions, Services []string
	// Resources are the resources each action was authorized on, from the audit trail ("*"
	// for an action on no resource type); none from the last-accessed data.
	Resources map[string][]string `json:",omitempty"`
}

func (j *generationJob) record(account string) (store.AnalyzerRecord, error) {
	body, err := json.Marshal(j)
	return store.AnalyzerRecord{AccountID: account, Name: j.ID, Resource: j.Principal, Created: j.StartedOn,
		Updated: cmp.Or(j.CompletedOn, j.StartedOn), Body: body}, err
}

func (j *generationJob) summary() analyzerwire.PolicyGeneration {
	return analyzerwire.PolicyGeneration{JobId: j.ID, PrincipalArn: j.Principal, Status: j.Status, StartedOn: j.StartedOn,
		CompletedOn: timeOrNil(j.CompletedOn)}
}

func errJobNotFound(id string) error {
	return errInvalidInput("jobId", "No policy generation job with ID "+id+".")
}

var startPolicyGeneration = &op.Op[*Service, analyzerwire.StartPolicyGenerationInput, analyzerwire.StartPolicyGenerationOutput, op.None]{
	Name:   "StartPolicyGeneration",
	Action: "access-analyzer:StartPolicyGeneration",
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.StartPolicyGenerationInput, op.None]) (*analyzerwire.StartPolicyGenerationOutput, error) {
		now := s.now()
		j := &generationJob{ID: newID(), Principal: r.In.PolicyGenerationDetails.PrincipalArn, ClientToken: deref(r.In.ClientToken),
			Status: analyzerwire.JobStatusSucceeded, StartedOn: now, Trail: r.In.CloudTrailDetails, Start: now.Add(-generationPeriod), End: now}
		if t := r.In.CloudTrailDetails; t != nil {
			j.Start, j.End = t.StartTime, cmp.Or(deref(t.EndTime), now)
			if !j.Start.Before(j.End) || j.End.After(now.Add(time.Minute)) || j.End.Sub(j.Start) > generationPeriod {
				return nil, errInvalidInput("cloudTrailDetails", "startTime must be before endTime, endTime not in the future, and the period at most 90 days.")
			}
		}
		if s.trail != nil {
			s.trail.Flush(ctx)
		}
		err := s.update(ctx, func(tx store.Tx) error {
			if prior, err := findJobByToken(ctx, tx, r.Account(), j); prior != nil || err != nil {
				j = prior
				return err
			}
			if err := generate(ctx, tx, r.Call, j); err != nil {
				return err
			}
			j.CompletedOn = s.now()
			rec, err := j.record(r.Account())
			if err != nil {
				return err
			}
			return tx.Analyzers().Create(ctx, store.AnalyzerPolicyGeneration, rec)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.StartPolicyGenerationOutput{JobId: j.ID}, nil
	},
}

// findJobByToken returns the job an earlier request with the same client token started for
// the same principal (the request is then answered with it); another principal under the same
// token is a ConflictException.
func findJobByToken(ctx context.Context, tx store.Tx, account string, j *generationJob) (*generationJob, error) {
	if j.ClientToken == "" {
		return nil, nil
	}
	jobs, err := loadJobs(ctx, tx, account)
	for _, prior := range jobs {
		if prior.ClientToken != j.ClientToken {
			continue
		}
		if prior.Principal != j.Principal {
			return nil, analyzerwire.ErrConflictExceptionWith(analyzerwire.ConflictExceptionFields{ResourceId: prior.ID,
				ResourceType: "PolicyGeneration"}, "The client token was used for another policy generation request")
		}
		return prior, nil
	}
	return nil, err
}

// generate reads what the principal did in the job's period; a principal that is not a user or
// role of the caller's account fails the job, as AWS's does when it finds no such entity.
func generate(ctx context.Context, tx store.Tx, call *callctx.Call, j *generationJob) error {
	a, err := arn.Parse(j.Principal)
	var p *identity.Principal
	if err == nil && a.AccountID == call.Account() {
		p, err = identity.FindByARN(ctx, tx, a)
	}
	if p == nil || p.Kind == store.PrincipalGroup || errors.Is(err, store.ErrNotFound) || a.AccountID != call.Account() {
		j.Status = analyzerwire.JobStatusFailed
		j.Error = &analyzerwire.JobError{Code: analyzerwire.JobErrorCodeResourceNotFoundError,
			Message: "The principal " + j.Principal + " was not found in account " + call.Account() + "."}
		return nil
	}
	if err != nil {
		return err
	}
	found, err := trailActions(ctx, tx, p.ARN, j)
	if err != nil || found {
		return err
	}
	return lastAccessedActions(ctx, tx, p.ARN, j)
}

// lastAccessedActions fills the job from the last-accessed data, which keeps each action's
// latest attempt and no resource: the actions attempted since the period's start.
func lastAccessedActions(ctx context.Context, tx store.Tx, principal string, j *generationJob) error {
	a, _ := arn.Parse(principal)
	recs, err := tx.LastAccessed().List(ctx, a.AccountID, principal)
	if err != nil {
		return err
	}
	withActions := map[string]bool{}
	var services []string
	for _, r := range recs {
		if r.When.Before(j.Start) {
			continue
		}
		if r.Action == "" {
			services = append(services, r.Namespace)
			continue
		}
		name := r.Namespace + ":" + r.Action
		if info, ok := authrefAction(name); ok {
			name = info
		}
		withActions[r.Namespace] = true
		j.Actions = append(j.Actions, name)
	}
	for _, svc := range services {
		if !withActions[svc] {
			j.Services = append(j.Services, svc)
		}
	}
	slices.Sort(j.Actions)
	j.Actions = slices.Compact(j.Actions)
	slices.Sort(j.Services)
	return nil
}

func loadJobs(ctx context.Context, tx store.Tx, account string) ([]*generationJob, error) {
	recs, err := tx.Analyzers().List(ctx, store.AnalyzerPolicyGeneration, account, "")
	if err != nil {
		return nil, err
	}
	out := make([]*generationJob, 0, len(recs))
	for _, rec := range recs {
		j := &generationJob{}
		if err := json.Unmarshal(rec.Body, j); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	slices.SortStableFunc(out, func(a, b *generationJob) int {
		return cmp.Or(a.StartedOn.Compare(b.StartedOn), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (s *Service) loadJob(ctx context.Context, account, id string) (*generationJob, error) {
	var rec store.AnalyzerRecord
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		rec, err = tx.Analyzers().Get(ctx, store.AnalyzerPolicyGeneration, account, "", id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errJobNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	j := &generationJob{}
	return j, json.Unmarshal(rec.Body, j)
}

var getGeneratedPolicy = &op.Op[*Service, analyzerwire.GetGeneratedPolicyInput, analyzerwire.GetGeneratedPolicyOutput, op.None]{
	Name:   "GetGeneratedPolicy",
	Action: "access-analyzer:GetGeneratedPolicy",
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetGeneratedPolicyInput, op.None]) (*analyzerwire.GetGeneratedPolicyOutput, error) {
		j, err := s.loadJob(ctx, r.Account(), r.In.JobId)
		if err != nil {
			return nil, err
		}
		props := analyzerwire.GeneratedPolicyProperties{IsComplete: new(j.Status == analyzerwire.JobStatusSucceeded), PrincipalArn: j.Principal}
		if t := j.Trail; t != nil {
			cp := &analyzerwire.CloudTrailProperties{StartTime: j.Start, EndTime: j.End, TrailProperties: []analyzerwire.TrailProperties{}}
			for _, tr := range t.Trails {
				cp.TrailProperties = append(cp.TrailProperties, analyzerwire.TrailProperties{CloudTrailArn: tr.CloudTrailArn,
					Regions: tr.Regions, AllRegions: tr.AllRegions})
			}
			props.CloudTrailProperties = cp
		}
		out := &analyzerwire.GetGeneratedPolicyOutput{JobDetails: analyzerwire.JobDetails{JobId: j.ID, Status: j.Status,
			StartedOn: j.StartedOn, CompletedOn: timeOrNil(j.CompletedOn), JobError: j.Error},
			GeneratedPolicyResult: analyzerwire.GeneratedPolicyResult{Properties: props}}
		if j.Status == analyzerwire.JobStatusSucceeded {
			acct := j.Principal
			if a, err := arn.Parse(j.Principal); err == nil {
				acct = a.AccountID
			}
			out.GeneratedPolicyResult.GeneratedPolicies = renderGenerated(j, partition(r.Call), acct,
				deref(r.In.IncludeResourcePlaceholders), deref(r.In.IncludeServiceLevelTemplate))
		}
		return out, nil
	},
}

var listPolicyGenerations = &op.Op[*Service, analyzerwire.ListPolicyGenerationsInput, analyzerwire.ListPolicyGenerationsOutput, op.None]{
	Name:   "ListPolicyGenerations",
	Action: "access-analyzer:ListPolicyGenerations",
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListPolicyGenerationsInput, op.None]) (*analyzerwire.ListPolicyGenerationsOutput, error) {
		var jobs []*generationJob
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			jobs, err = loadJobs(ctx, tx, r.Account())
			return err
		})
		if err != nil {
			return nil, err
		}
		out := []analyzerwire.PolicyGeneration{}
		for _, j := range jobs {
			if r.In.PrincipalArn == nil || *r.In.PrincipalArn == j.Principal {
				out = append(out, j.summary())
			}
		}
		out, next, err := page(out, []byte("policy-generations\x00"+deref(r.In.PrincipalArn)), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListPolicyGenerationsOutput{PolicyGenerations: nonNil(out), NextToken: next}, nil
	},
}

// cancelPolicyGeneration cancels a job in progress; Gatehouse's jobs are finished when they
// are started, so a known job is left as it is (AWS answers a finished job's cancellation with
// success too).
var cancelPolicyGeneration = &op.Op[*Service, analyzerwire.CancelPolicyGenerationInput, analyzerwire.CancelPolicyGenerationOutput, op.None]{
	Name:   "CancelPolicyGeneration",
	Action: "access-analyzer:CancelPolicyGeneration",
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.CancelPolicyGenerationInput, op.None]) (*analyzerwire.CancelPolicyGenerationOutput, error) {
		if _, err := s.loadJob(ctx, r.Account(), r.In.JobId); err != nil {
			return nil, err
		}
		return &analyzerwire.CancelPolicyGenerationOutput{}, nil
	},
}

// newID is a random version 4 UUID, the shape of AWS's job and preview IDs.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	const hexd = "0123456789abcdef"
	var sb strings.Builder
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			sb.WriteByte('-')
		}
		sb.WriteByte(hexd[c>>4])
		sb.WriteByte(hexd[c&15])
	}
	return sb.String()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
