package rolesanywhere

import (
	"context"
	"crypto/x509"
	"encoding/pem"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Certificate revocation lists, each for one trust anchor; CreateSession refuses a certificate an
// enabled CRL of its trust anchor revokes.

// parseCRL reads a CRL in DER or PEM.
func parseCRL(data []byte) (*x509.RevocationList, error) {
	if b, _ := pem.Decode(data); b != nil {
		data = b.Bytes
	}
	crl, err := x509.ParseRevocationList(data)
	if err != nil {
		return nil, errValidation("Invalid certificate revocation list") // unconfirmed
	}
	return crl, nil
}

func (r *resource) crlDetail() rolesanywherewire.CrlDetail {
	return rolesanywherewire.CrlDetail{CrlId: &r.ID, CrlArn: &r.ARN, Name: &r.Name, Enabled: &r.Enabled, CrlData: r.CRL,
		TrustAnchorArn: &r.TrustAnchorARN, CreatedAt: &r.Created, UpdatedAt: &r.Updated}
}

var importCrl = &op.Op[*Service, rolesanywherewire.ImportCrlInput, rolesanywherewire.ImportCrlOutput, op.None]{
	Name:    "ImportCrl",
	Action:  "rolesanywhere:ImportCrl",
	Resolve: at[rolesanywherewire.ImportCrlInput](),
	Keys: []op.KeySource[rolesanywherewire.ImportCrlInput]{
		op.RequestTags(func(in *rolesanywherewire.ImportCrlInput) []rolesanywherewire.Tag { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.ImportCrlInput, op.None]) (*rolesanywherewire.ImportCrlOutput, error) {
		in := r.In
		if _, err := parseCRL(in.CrlData); err != nil {
			return nil, err
		}
		account, kind, id, ok := parseARN(in.TrustAnchorArn)
		if !ok || kind != store.RolesAnywhereTrustAnchor || account != r.Account() {
			return nil, errNotFound()
		}
		if ta, err := s.find(ctx, account, kind, id); err != nil || ta == nil {
			if err == nil {
				err = errNotFound()
			}
			return nil, err
		}
		crl, err := s.create(ctx, r.Call, store.RolesAnywhereCRL, in.Name, in.Tags, func(c *resource) error {
			c.CRL, c.TrustAnchorARN, c.Enabled = in.CrlData, in.TrustAnchorArn, in.Enabled != nil && *in.Enabled
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.ImportCrlOutput{Crl: crl.crlDetail()}, nil
	},
}

func crlID[In any](id func(*In) string) op.Resolver[*Service, In, *resource] {
	return byID(store.RolesAnywhereCRL, id)
}

var getCrl = resourceRow("GetCrl", store.RolesAnywhereCRL, func(in *rolesanywherewire.GetCrlInput) string { return in.CrlId }, read,
	func(r *resource) *rolesanywherewire.GetCrlOutput {
		return &rolesanywherewire.GetCrlOutput{Crl: r.crlDetail()}
	})

var listCrls = listRow("ListCrls", store.RolesAnywhereCRL, func(in *rolesanywherewire.ListCrlsInput) (*string, *int32) { return in.NextToken, in.PageSize },
	func(items []*resource, next *string) *rolesanywherewire.ListCrlsOutput {
		out := &rolesanywherewire.ListCrlsOutput{NextToken: next, Crls: []rolesanywherewire.CrlDetail{}}
		for _, it := range items {
			out.Crls = append(out.Crls, it.crlDetail())
		}
		return out
	})

var updateCrl = &op.Op[*Service, rolesanywherewire.UpdateCrlInput, rolesanywherewire.UpdateCrlOutput, *resource]{
	Name:    "UpdateCrl",
	Action:  "rolesanywhere:UpdateCrl",
	Resolve: crlID(func(in *rolesanywherewire.UpdateCrlInput) string { return in.CrlId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.UpdateCrlInput, *resource]) (*rolesanywherewire.UpdateCrlOutput, error) {
		in := r.In
		if in.CrlData != nil {
			if _, err := parseCRL(in.CrlData); err != nil {
				return nil, err
			}
		}
		crl, err := s.change(ctx, r.Account(), r.Entity(), func(c *resource) error {
			if in.Name != nil {
				c.Name = *in.Name
			}
			if in.CrlData != nil {
				c.CRL = in.CrlData
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.UpdateCrlOutput{Crl: crl.crlDetail()}, nil
	},
}

var deleteCrl = resourceRow("DeleteCrl", store.RolesAnywhereCRL, func(in *rolesanywherewire.DeleteCrlInput) string { return in.CrlId }, remove,
	func(r *resource) *rolesanywherewire.DeleteCrlOutput {
		return &rolesanywherewire.DeleteCrlOutput{Crl: r.crlDetail()}
	})

var enableCrl = resourceRow("EnableCrl", store.RolesAnywhereCRL, func(in *rolesanywherewire.EnableCrlInput) string { return in.CrlId }, enable,
	func(r *resource) *rolesanywherewire.EnableCrlOutput {
		return &rolesanywherewire.EnableCrlOutput{Crl: r.crlDetail()}
	})

var disableCrl = resourceRow("DisableCrl", store.RolesAnywhereCRL, func(in *rolesanywherewire.DisableCrlInput) string { return in.CrlId }, disable,
	func(r *resource) *rolesanywherewire.DisableCrlOutput {
		return &rolesanywherewire.DisableCrlOutput{Crl: r.crlDetail()}
	})
