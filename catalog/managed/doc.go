// Package managed is the catalog of AWS managed policies: the policies AWS owns under
// arn:aws:iam::aws:policy/…, which every account can read, list (ListPolicies with Scope=AWS)
// and attach, and which the policy engine evaluates like any other identity policy.
//
// It is separate from the store because these policies are not account data: AWS defines
// them, they are the same in every account, and they change only when the catalog is
// regenerated (see ../README.md). The data is two gzip-compressed files embedded in the
// binary: policies.bin.gz (metadata and each default version's document) is decoded on first
// use; history.bin.gz (the older versions, as line deltas) only when an older version is
// asked for.
//
// Paths follow AWS: "/" for most policies, "/service-role/" for policies meant for roles a
// service assumes, "/job-function/" for the job-function policies, "/aws-service-role/" for
// the policies of service-linked roles (see Policy.ServiceLinked), and "/root-task/" for the
// task policies of sts:AssumeRoot sessions.
package managed
