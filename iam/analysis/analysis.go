package analysis

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
)

// DefaultPublicURL is the base URL the outbound web identity federation issuer derives from
// when the server is given none: `gatehouse serve`'s default listen address.
const DefaultPublicURL = "http://127.0.0.1:4599"

// Analysis is the analysis family's service value: the rows of Operations run with it (iam.New
// binds them to the iamwire.Handlers).
type Analysis struct {
	*core.Base
	// PublicURL is the base URL at which clients reach this Gatehouse (scheme, host and an
	// optional path). The issuer identifiers of outbound web identity federation are derived
	// from it, since Gatehouse is the issuer that will serve their OIDC discovery documents.
	// "" means DefaultPublicURL.
	PublicURL string
}

// publicURL is PublicURL without a trailing slash.
func (s *Analysis) publicURL() string {
	u := s.PublicURL
	if u == "" {
		u = DefaultPublicURL
	}
	return strings.TrimRight(u, "/")
}
