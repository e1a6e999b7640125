// Package cloudtrail is the CloudTrail service over the audit trail (package audit): LookupEvents,
// the event history every call of every service is recorded in, with its lookup attributes, time
// window and pages, authorized as cloudtrail:LookupEvents. Trails, event data stores and Lake
// queries are out of scope: their operations answer NotImplemented (docs/api-coverage.md).
package cloudtrail
