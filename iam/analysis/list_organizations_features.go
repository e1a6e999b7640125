package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListOrganizationsFeatures lists the centralized root access features enabled for the
// organization. In an account outside any organization — every Gatehouse account until
// Organizations exists — it answers OrganizationNotFoundException once authorized.
func (s *Analysis) ListOrganizationsFeatures(ctx context.Context, _ *iamwire.ListOrganizationsFeaturesInput) (*iamwire.ListOrganizationsFeaturesOutput, error) {
	return nil, s.organizationsFeature(ctx, "iam:ListOrganizationsFeatures")
}
