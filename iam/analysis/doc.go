// Package analysis implements IAM's operations on what IAM tells about access rather than
// changing it: policy simulation (SimulatePrincipalPolicy, SimulateCustomPolicy) and the
// context keys policies need (GetContextKeysFor*Policy), access advisor's service last accessed
// reports, and outbound web identity federation. (The Organizations-related reports and
// root-access features wait for Organizations: see iam.Pending.)
//
// The simulator runs the very engine that authorizes every request (package policy), over the
// same policies authz would gather, and reports its answer in AWS's terms: decisions, the
// statements that applied with their positions, missing context keys. Access advisor reads the
// attempts authz records (authz/lastaccessed.go). Both only read IAM's entities, which is why
// they live apart from the families that write them. Package iam composes this family with the
// others.
package analysis
