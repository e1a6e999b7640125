package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// EnableOrganizationsRootSessions lets the management account take privileged root sessions in
// member accounts. In an account outside any organization — every Gatehouse account until
// Organizations exists — it answers OrganizationNotFoundException once authorized.
func (s *Analysis) EnableOrganizationsRootSessions(ctx context.Context, _ *iamwire.EnableOrganizationsRootSessionsInput) (*iamwire.EnableOrganizationsRootSessionsOutput, error) {
	return nil, s.organizationsFeature(ctx, "iam:EnableOrganizationsRootSessions")
}
