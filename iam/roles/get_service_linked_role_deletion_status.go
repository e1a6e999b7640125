package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServiceLinkedRoleDeletionStatus reports a deletion task's status, and why it failed when
// it did. The caller needs iam:GetServiceLinkedRoleDeletionStatus on the role the task
// deletes, which its ID names. A task still IN_PROGRESS after ServiceLinkedRoleDeletionTime is
// recorded as SUCCEEDED (see DeleteServiceLinkedRole).
var getServiceLinkedRoleDeletionStatus = &op.Op[*Roles, iamwire.GetServiceLinkedRoleDeletionStatusInput, iamwire.GetServiceLinkedRoleDeletionStatusOutput, op.None]{
	Name: "GetServiceLinkedRoleDeletionStatus", Action: "iam:GetServiceLinkedRoleDeletionStatus",
	Resolve: op.Resolver[*Roles, iamwire.GetServiceLinkedRoleDeletionStatusInput, op.None]{
		Find: func(_ *Roles, _ context.Context, call *callctx.Call, in *iamwire.GetServiceLinkedRoleDeletionStatusInput) (op.Target[op.None], error) {
			service, name, ok := parseDeletionTaskID(in.DeletionTaskId)
			if !ok {
				return op.Target[op.None]{}, invalidTaskID(in.DeletionTaskId)
			}
			return op.Target[op.None]{ARN: arn.Role(call.Caller.AccountID, serviceRoleARNPath(service), name)}, nil
		}},
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetServiceLinkedRoleDeletionStatusInput, op.None]) (*iamwire.GetServiceLinkedRoleDeletionStatusOutput, error) {
		var task store.SLRDeletion
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			var err error
			task, err = tx.ServiceLinkedRoleDeletions().Get(ctx, r.Account(), r.In.DeletionTaskId)
			if errors.Is(err, store.ErrNotFound) {
				return noSuchTask(r.In.DeletionTaskId)
			}
			if err != nil {
				return err
			}
			if task.Status == store.DeletionInProgress && !s.Now().Before(task.Created.Add(ServiceLinkedRoleDeletionTime)) {
				task.Status = store.DeletionSucceeded
				return tx.ServiceLinkedRoleDeletions().Update(ctx, task)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		out := &iamwire.GetServiceLinkedRoleDeletionStatusOutput{Status: iamwire.DeletionTaskStatusType(task.Status)}
		if task.Status == store.DeletionFailed {
			reason := &iamwire.DeletionTaskFailureReasonType{}
			if task.Reason != "" {
				r := task.Reason
				reason.Reason = &r
			}
			for _, u := range task.RoleUsage {
				region := u.Region
				reason.RoleUsageList = append(reason.RoleUsageList, iamwire.RoleUsageType{Region: &region, Resources: u.Resources})
			}
			out.Reason = reason
		}
		return out, nil
	}}

func (s *Roles) GetServiceLinkedRoleDeletionStatus(ctx context.Context, in *iamwire.GetServiceLinkedRoleDeletionStatusInput) (*iamwire.GetServiceLinkedRoleDeletionStatusOutput, error) {
	return getServiceLinkedRoleDeletionStatus.Run(ctx, s, in)
}
