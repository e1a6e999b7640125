// Package metrics is what a node tells Prometheus (prometheus/client_golang): requests by
// service, operation and outcome, their latency, authorization decisions, authentication
// failures by reason, the store's connection pools, the change feed, the audit trail's queue, and
// the Go runtime. Labels come from closed sets (the services' modelled operations and error
// codes), never from unchecked client input.
package metrics
