// Package audit is the audit trail: one CloudTrail record for every API call — allowed, denied or
// refused as invalid — with who made it (userIdentity per identity type), what was asked
// (requestParameters, secrets hidden), what came back (responseElements of writes, secrets hidden),
// and why it was allowed or denied (additionalEventData: the authorizer's decisions with their
// matched statements and missing context keys).
//
// A request's record is begun by the HTTP layer (Trail.Begin) and finished when the response is
// written (Entry.Finish). A write's record is stored in the same transaction as the write
// (store.PendingEvent): a change that commits has its event, even if the process dies before
// the response. Every record then goes through a bounded queue to a background writer that stores
// its final form in batches and copies it to the export sink (JSON lines); a full queue never
// blocks a request: the record is dropped, counted (Trail.Dropped) and logged.
package audit
