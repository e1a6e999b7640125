package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DisableOrganizationsRootSessions stops privileged root sessions in member accounts. In an
// account outside any organization — every Gatehouse account until Organizations exists — it
// answers OrganizationNotFoundException once authorized.
func (s *Analysis) DisableOrganizationsRootSessions(ctx context.Context, _ *iamwire.DisableOrganizationsRootSessionsInput) (*iamwire.DisableOrganizationsRootSessionsOutput, error) {
	return nil, s.organizationsFeature(ctx, "iam:DisableOrganizationsRootSessions")
}
