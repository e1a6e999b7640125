// Package wire holds what Gatehouse knows about AWS's wire formats, generated from the pinned AWS service
// models in models/.
//
// The model, not hand-written code, decides every operation, shape, member order, constraint and error code
// a client sees: hand-written XML for 176 IAM operations drifts. The tree is:
//
//   - wire (this package): the protocol-independent description of a service — its operations, their
//     documented errors and pagination — and the docs/api-coverage.md writer built on it.
//   - wire/constraint: the model's constraints and AWS's wording of their violations, shared by every
//     protocol.
//   - wire/query: the hand-written runtime of the AWS query protocol (form decoding, XML encoding, the error
//     document) that generated code calls.
//   - wire/jsonproto: the hand-written runtime of awsJson1_1 and restJson1 (the JSON body, path labels, query
//     string and headers; X-Amz-Target and route resolution; the JSON error document; hand-described extra
//     operations).
//   - wire/iamwire, wire/stswire (awsQuery), wire/orgwire, wire/cloudtrailwire (awsJson1_1),
//     wire/analyzerwire, wire/rolesanywherewire (restJson1): generated per service: one Go type per shape,
//     decoders and validators for every input, encoders for every output, the errors, the operations table,
//     the Handlers struct (one func field per operation) and Dispatch.
//   - wire/internal/gen: the generator.
//
// Nothing under wire imports net/http: it decodes url.Values and encodes to byte slices, so the service
// packages can take and return the generated types without depending on the HTTP layer (package api).
package wire

//go:generate go run ./internal/gen -root .
