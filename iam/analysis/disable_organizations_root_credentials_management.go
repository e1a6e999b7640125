package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DisableOrganizationsRootCredentialsManagement disables central management of member accounts'
// root user credentials. In an account outside any organization — every Gatehouse account until
// Organizations exists — it answers OrganizationNotFoundException once authorized.
func (s *Analysis) DisableOrganizationsRootCredentialsManagement(ctx context.Context, _ *iamwire.DisableOrganizationsRootCredentialsManagementInput) (*iamwire.DisableOrganizationsRootCredentialsManagementOutput, error) {
	return nil, s.organizationsFeature(ctx, "iam:DisableOrganizationsRootCredentialsManagement")
}
