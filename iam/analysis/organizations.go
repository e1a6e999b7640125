package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
)

// Gatehouse has no AWS Organizations yet, so every account is an account outside any
// organization, and IAM's Organizations features answer as AWS answers such an account. When
// Organizations arrives, these operations read the caller's organization: the root-access
// features become settings of the management account (store.AccountSettings already has
// them), and organizations access reports are generated from the SCPs and the access records.

// organizationsFeature authorizes one of the Organizations root-access operations, which act
// on no resource, and answers for an account outside any organization.
func (s *Analysis) organizationsFeature(ctx context.Context, action string) error {
	call, err := core.Begin(ctx)
	if err != nil {
		return err
	}
	if err := s.Authorize(ctx, call, action, "*"); err != nil {
		return err
	}
	return noOrganization()
}
