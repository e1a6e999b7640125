package roles

import (
	"context"
	"fmt"
	"io"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteServiceLinkedRole submits the deletion of a service-linked role and returns the
// deletion task's ID, which GetServiceLinkedRoleDeletionStatus reports on. On AWS the task
// first has the service check that it no longer uses the role; no AWS service uses Gatehouse's
// roles, so the check always passes and the role, with its policies, goes in this request. The
// task reports IN_PROGRESS for ServiceLinkedRoleDeletionTime and then SUCCEEDED, the sequence
// clients polling AWS expect.
var deleteServiceLinkedRole = &op.Op[*Roles, iamwire.DeleteServiceLinkedRoleInput, iamwire.DeleteServiceLinkedRoleOutput, *role]{
	Name: "DeleteServiceLinkedRole", Action: "iam:DeleteServiceLinkedRole",
	Resolve: core.ByName[*Roles](rolesNoBoundary, func(in *iamwire.DeleteServiceLinkedRoleInput) string { return in.RoleName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.DeleteServiceLinkedRoleInput, *role]) (*iamwire.DeleteServiceLinkedRoleOutput, error) {
		role := r.Entity()
		if !role.ServiceLinked {
			return nil, notServiceLinked(role.Name)
		}
		uuid, err := newUUID(s.Rand)
		if err != nil {
			return nil, err
		}
		task := store.SLRDeletion{ID: deletionTaskID(role.Path, role.Name, uuid), AccountID: r.Account(), RoleName: role.Name,
			RoleARN: role.ARN, Status: store.DeletionInProgress, Created: s.Now().UTC()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			cur, err := roleInTx(ctx, tx, role)
			if err != nil {
				return err
			}
			if err := tx.ServiceLinkedRoleDeletions().Create(ctx, task); err != nil {
				return err
			}
			return tx.Roles().Delete(ctx, cur.ID)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteServiceLinkedRoleOutput{DeletionTaskId: task.ID}, nil
	}}

func (s *Roles) DeleteServiceLinkedRole(ctx context.Context, in *iamwire.DeleteServiceLinkedRoleInput) (*iamwire.DeleteServiceLinkedRoleOutput, error) {
	return deleteServiceLinkedRole.Run(ctx, s, in)
}

// newUUID returns a random (version 4) UUID, the last part of a deletion task ID.
func newUUID(rand io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", fmt.Errorf("iam: generating a deletion task ID: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
