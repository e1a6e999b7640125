// Package op runs operations described as data. An operation is a row — an Op value — that
// says what AWS's Service Authorization Reference says about it (the action, the resource it
// is authorized on, the condition keys it adds) and holds only what is particular to it: how
// its resource is found (Resolver), which condition keys the request carries (KeySource), and
// its handler. One generic path, Op.Run, executes every row the same way:
//
//	begin      the authenticated call from the context (package callctx)
//	resolve    find the target: its ARN, owning account, condition keys (tags, boundary),
//	           resource policy, and whether it exists
//	authorize  one authz.Request built from the row and the target
//	not found  only now report a target that does not exist, so an unauthorized caller
//	           learns nothing
//	handle     the operation's own work
//
// A service's rows form a Table, from which everything else about its operations is derived:
// the list of implemented operations, docs/api-coverage.md, the check that every action and
// condition key exists in the Service Authorization Reference (package op/opcheck), and the
// authorization tests. The rows are typed by the service's generated wire shapes
// ((ctx, *XInput) → (*XOutput, error), whatever the protocol), so the same package serves IAM
// and STS (awsQuery), Organizations (awsJson1_1), Access Analyzer and Roles Anywhere
// (restJson1) unchanged.
//
// A table is also how its service is served: Table.Bind binds each row to the service value
// (Op.Bind) and sets the generated wire package's Handlers field of the same name, which the
// wire's Dispatch calls. No per-operation method stands between the wire and the row, so an
// operation's file holds its row and nothing else; a row whose name or types match no field
// fails the binding, and an operation with no row answers NotImplemented.
//
// It is separate from the services so that they share one prologue instead of repeating it per
// operation, and from authz so that deciding stays authz's only job.
package op
