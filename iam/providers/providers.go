package providers

import (
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
)

// Providers is the providers family's service value: the rows of Operations run with it (iam.New binds them
// to the iamwire.Handlers).
type Providers struct {
	*core.Base
}

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
