// Package analysis implements IAM's operations on what IAM tells about access rather than changing it: policy simulation, context keys, service last accessed data, the Organizations-related reports and features, delegation requests and outbound web identity federation.
// Package iam composes it with the other operation families.
package analysis
