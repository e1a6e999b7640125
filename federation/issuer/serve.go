package issuer

import (
	"context"
	"net/http"
	"strings"
)

// PathPrefix is where, under a server's public URL, the issuers live: an issuer's URL is the
// public URL + PathPrefix + its ID (IAM EnableOutboundWebIdentityFederation makes it), and its
// discovery document and JWKS are below that, as AWS's https://ID.tokens.sts.global.api.aws
// serves them.
const PathPrefix = "/outbound-federation/"

// CacheControl is what the discovery document and JWKS answers allow caches: a relying party
// refetches within a minute, well inside the time a retired key stays published.
const CacheControl = "public, max-age=60"

// Finder returns the issuer with an ID, nil when there is none.
type Finder func(ctx context.Context, id string) (*Issuer, error)

// Routes serves the issuers' discovery documents and JWKS (GET or HEAD, no authentication: they
// are public) and hands every other request to next.
func Routes(next http.Handler, find Finder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, PathPrefix)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		id, doc, _ := strings.Cut(rest, "/")
		doc = "/" + doc
		if id == "" || (doc != DiscoveryPath && doc != JWKSPath) {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		is, err := find(r.Context(), id)
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if is == nil {
			http.NotFound(w, r)
			return
		}
		body := is.Discovery()
		if doc == JWKSPath {
			body = is.JWKS()
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", CacheControl)
		w.Write(body)
	})
}
