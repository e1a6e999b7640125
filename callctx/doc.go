// Package callctx is the authenticated call a request carries through the layers: who signed
// it (Caller, built by package authn from an access key or a session token) and where it came
// from (Call: service, region, source IP, user agent, TLS), attached to the request's context by
// the HTTP layer (With) and read by the services (From).
//
// It is separate so that everything that needs to know who is calling — services, the
// decision point (authz), usage tracking — can share one definition of a caller without
// depending on how callers are authenticated or authorized. The call is request data (like the
// authenticated user in any HTTP middleware), never a dependency. It is a leaf: standard
// library only.
package callctx
