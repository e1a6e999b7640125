package roles

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetServiceLinkedRoleDeletionStatus reports a deletion task's status, and why it failed when
// it did. The caller needs iam:GetServiceLinkedRoleDeletionStatus on the role the task
// deletes, which its ID names. A task still IN_PROGRESS after ServiceLinkedRoleDeletionTime is
// recorded as SUCCEEDED (see DeleteServiceLinkedRole).
func (s *Roles) GetServiceLinkedRoleDeletionStatus(ctx context.Context, in *iamwire.GetServiceLinkedRoleDeletionStatusInput) (*iamwire.GetServiceLinkedRoleDeletionStatusOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	service, name, ok := parseDeletionTaskID(in.DeletionTaskId)
	if !ok {
		return nil, invalidTaskID(in.DeletionTaskId)
	}
	if err := s.Authorize(ctx, call, "iam:GetServiceLinkedRoleDeletionStatus", roleARN(account, serviceRoleARNPath(service), name)); err != nil {
		return nil, err
	}
	var task store.SLRDeletion
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		task, err = tx.ServiceLinkedRoleDeletions().Get(ctx, account, in.DeletionTaskId)
		if errors.Is(err, store.ErrNotFound) {
			return noSuchTask(in.DeletionTaskId)
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
}
