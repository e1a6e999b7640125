// Package usage records what credentials and identities were used for, without a database
// write on the request path: an access key's last use (GetAccessKeyLastUsed, the credential
// report), a role's last use (RoleLastUsed), and every authorization attempt's service and
// action for access advisor (service last accessed data). A Tracker buffers the latest of each
// in memory and Flush writes the batch in one transaction; Run flushes every FlushInterval and
// once more when it stops, so the data is at most FlushInterval behind even after a crash.
// Readers of the data (GetAccessKeyLastUsed, GetRole, the reports) flush first.
//
// It is separate from authentication and authorization, which only report uses to it, because
// buffering and writing usage is a job of its own with its own cadence.
package usage
