package providers

import "github.com/gatehouse-iam/gatehouse/iam/internal/core"

// Providers implements the providers family of IAM operations.
type Providers struct {
	*core.Base
}

// New returns the family over the shared service dependencies.
func New(b *core.Base) *Providers { return &Providers{Base: b} }

// Implemented lists the operations this family implements (see iam.Implemented).
var Implemented = []string{
	"AddClientIDToOpenIDConnectProvider",
	"CreateOpenIDConnectProvider",
	"CreateSAMLProvider",
	"DeleteOpenIDConnectProvider",
	"DeleteSAMLProvider",
	"DeleteServerCertificate",
	"GetOpenIDConnectProvider",
	"GetSAMLProvider",
	"GetServerCertificate",
	"ListOpenIDConnectProviderTags",
	"ListOpenIDConnectProviders",
	"ListSAMLProviderTags",
	"ListSAMLProviders",
	"ListServerCertificateTags",
	"ListServerCertificates",
	"RemoveClientIDFromOpenIDConnectProvider",
	"TagOpenIDConnectProvider",
	"TagSAMLProvider",
	"TagServerCertificate",
	"UntagOpenIDConnectProvider",
	"UntagSAMLProvider",
	"UntagServerCertificate",
	"UpdateOpenIDConnectProviderThumbprint",
	"UpdateSAMLProvider",
	"UpdateServerCertificate",
	"UploadServerCertificate",
}
