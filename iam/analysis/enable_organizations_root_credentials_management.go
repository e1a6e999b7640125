package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// EnableOrganizationsRootCredentialsManagement enables central management of member accounts' root
// user credentials. In an account outside any organization — every Gatehouse account until
// Organizations exists — it answers OrganizationNotFoundException once authorized.
func (s *Analysis) EnableOrganizationsRootCredentialsManagement(ctx context.Context, _ *iamwire.EnableOrganizationsRootCredentialsManagementInput) (*iamwire.EnableOrganizationsRootCredentialsManagementOutput, error) {
	return nil, s.organizationsFeature(ctx, "iam:EnableOrganizationsRootCredentialsManagement")
}
