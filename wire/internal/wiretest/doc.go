// Package wiretest helps the wire packages' differential tests compare their generated types with
// aws-sdk-go-v2's: Fill gives every member of a value a distinct deterministic value, and Normalize turns a
// value of either family into the same comparable tree. Both work by reflection over exported fields, which
// is all the two families share: the same member names. Tests only; it imports no SDK and no net/http.
package wiretest
