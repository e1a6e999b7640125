package analysis

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *Analysis) GenerateServiceLastAccessedDetails(ctx context.Context, in *iamwire.GenerateServiceLastAccessedDetailsInput) (*iamwire.GenerateServiceLastAccessedDetailsOutput, error) {
	return generateServiceLastAccessedDetails.Run(ctx, s, in)
}

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
		return noSuchEntity(kindPolicy, ref.raw)
	}
	return noSuchEntity(ref.kind, ref.name)
}
