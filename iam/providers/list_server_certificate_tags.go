package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListServerCertificateTags lists a certificate's tags in the order their keys were first
// added, in pages.
func (s *Providers) ListServerCertificateTags(ctx context.Context, in *iamwire.ListServerCertificateTagsInput) (*iamwire.ListServerCertificateTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	c, tags, err := s.findServerCert(ctx, account, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	resource := serverCertResource(account, in.ServerCertificateName, c)
	if err := s.Authorize(ctx, call, "iam:ListServerCertificateTags", resource, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, noSuchServerCert(in.ServerCertificateName)
	}
	out := &iamwire.ListServerCertificateTagsOutput{}
	out.Tags, out.Marker, out.IsTruncated, err = tagPage(tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return out, nil
}
