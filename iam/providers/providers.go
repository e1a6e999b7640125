package providers

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
)

// Providers implements the providers family of IAM operations.
type Providers struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Providers { return &Providers{Base: b} }

// Operations is the providers family's table: one row per operation (package op).
var Operations = op.Table{
	createOIDC, getOIDC, deleteOIDC, listOIDCs, addClientID, removeClientID, updateThumbprint,
	tagOIDC, untagOIDC, listOIDCTags,
	createSAML, getSAML, updateSAML, deleteSAML, listSAMLs, tagSAML, untagSAML, listSAMLTags,
	uploadServerCert, getServerCert, updateServerCert, deleteServerCert, listServerCerts,
	tagServerCert, untagServerCert, listServerCertTags,
}

// Implemented lists the operations this family implements (see iam.Implemented), from
// Operations.
var Implemented = Operations.Names()
