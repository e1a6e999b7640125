package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListServerCertificates lists the account's certificates whose path starts with PathPrefix,
// ordered by name without regard to case, in pages. It is authorized on the prefix's ARN
// (arn:aws:iam::ACCOUNT:server-certificate/PREFIX), as AWS names it in its denials.
func (s *Providers) ListServerCertificates(ctx context.Context, in *iamwire.ListServerCertificatesInput) (*iamwire.ListServerCertificatesOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	prefix := "/"
	if in.PathPrefix != nil {
		prefix = *in.PathPrefix
	}
	if err := s.Authorize(ctx, call, "iam:ListServerCertificates", "arn:aws:iam::"+account+":server-certificate"+prefix); err != nil {
		return nil, err
	}
	o, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	o.PathPrefix = prefix
	var certs []store.ServerCertificate
	var more bool
	err = s.Store.View(ctx, func(tx store.Tx) error {
		certs, more, err = tx.ServerCertificates().List(ctx, account, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListServerCertificatesOutput{ServerCertificateMetadataList: make([]iamwire.ServerCertificateMetadata, len(certs))}
	for i := range certs {
		out.ServerCertificateMetadataList[i] = wireServerCertMetadata(&certs[i])
	}
	last := ""
	if len(certs) > 0 {
		last = certs[len(certs)-1].Name
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
