package sts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// AssumeRoot (centralized root access): a principal of an organization's management account,
// once IAM's root sessions are enabled there (iam:EnableOrganizationsRootSessions), gets a
// short root session of a member account limited to one of AWS's task policies, which the
// session carries as its session policy. Sessions last at most 900 seconds (STS API
// Reference, AssumeRoot: "DurationSeconds … maximum value of 900 seconds", the default).

// maxRootTaskDuration is AssumeRoot's default and maximum session duration.
const maxRootTaskDuration = 900 * time.Second

// rootTaskPolicies are the AWS managed policies AssumeRoot accepts (IAM User Guide,
// "Perform a privileged task on an AWS Organizations member account").
var rootTaskPolicies = []string{
	"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
	"arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
	"arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
	"arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
	"arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy",
}

var assumeRoot = &op.Op[*Service, stswire.AssumeRootInput, stswire.AssumeRootOutput, op.None]{
	Name:   "AssumeRoot",
	Action: "sts:AssumeRoot",
	Resolve: op.Resolver[*Service, stswire.AssumeRootInput, op.None]{Keys: []string{"sts:TaskPolicyArn"},
		Find: func(_ *Service, _ context.Context, call *callctx.Call, in *stswire.AssumeRootInput) (op.Target[op.None], error) {
			if err := restricted(call.Caller, "AssumeRoot"); err != nil {
				return op.Target[op.None]{}, err
			}
			if !arn.IsAccountID(in.TargetPrincipal) {
				return op.Target[op.None]{}, awserr.ValidationError("The specified TargetPrincipal is not a valid account ID.")
			}
			// Only the caller's policies decide (the member's root has no resource policy), so
			// the request is evaluated as one of the caller's own account.
			t := op.Target[op.None]{ARN: "arn:aws:iam::" + in.TargetPrincipal + ":root"}
			if in.TaskPolicyArn.Arn != nil {
				t.Keys = []authz.Key{authz.StringKey("sts:TaskPolicyArn", *in.TaskPolicyArn.Arn)}
			}
			return t, nil
		}},
	Handle: func(s *Service, ctx context.Context, r *op.Request[stswire.AssumeRootInput, op.None]) (*stswire.AssumeRootOutput, error) {
		in := r.In
		task := ""
		if in.TaskPolicyArn.Arn != nil {
			task = *in.TaskPolicyArn.Arn
		}
		if !slices.Contains(rootTaskPolicies, task) {
			return nil, awserr.ValidationError("The specified TaskPolicyArn is not a valid root task policy.")
		}
		d := duration(in.DurationSeconds, maxRootTaskDuration)
		if d > maxRootTaskDuration {
			return nil, awserr.ValidationError("The requested DurationSeconds exceeds the 900 second upper bound.")
		}
		if err := s.rootSessionsAllowed(ctx, r.Account(), in.TargetPrincipal); err != nil {
			return nil, err
		}
		target := in.TargetPrincipal
		claims := &sessiontoken.Claims{Kind: sessiontoken.RootSession, AccountID: target, ARN: arn.Root(target),
			UniqueID: target, PolicyARNs: []string{task}, SourceIdentity: r.Call.Caller.SourceIdentity}
		creds, err := s.issue(claims, d)
		if err != nil {
			return nil, err
		}
		out := &stswire.AssumeRootOutput{Credentials: creds}
		if claims.SourceIdentity != "" {
			out.SourceIdentity = &claims.SourceIdentity
		}
		return out, nil
	},
}

// rootSessionsAllowed checks that caller is the management account of an organization with
// root sessions enabled and target a member account of it.
func (s *Service) rootSessionsAllowed(ctx context.Context, caller, target string) error {
	refuse := func(why string) error {
		return awserr.AccessDenied(fmt.Sprintf("Account %s cannot assume root in account %s: %s.", caller, target, why))
	}
	return s.store.View(ctx, func(tx store.Tx) error {
		recs := tx.Organizations()
		mine, err := recs.Membership(ctx, caller)
		if errors.Is(err, store.ErrNotFound) {
			return refuse("it is not in an organization")
		} else if err != nil {
			return err
		}
		org, err := recs.Get(ctx, mine.OrgID, store.OrgItself, mine.OrgID)
		if err != nil {
			return err
		}
		if org.Name != caller {
			return refuse("it is not the organization's management account")
		}
		st, err := tx.Accounts().Settings(ctx, caller)
		if err != nil {
			return err
		}
		if !st.OrganizationsRootSessions {
			return refuse("root sessions are not enabled for the organization (iam:EnableOrganizationsRootSessions)")
		}
		theirs, err := recs.Membership(ctx, target)
		if errors.Is(err, store.ErrNotFound) || err == nil && (theirs.OrgID != mine.OrgID || target == caller) {
			return refuse("it is not a member account of the organization")
		}
		return err
	})
}
