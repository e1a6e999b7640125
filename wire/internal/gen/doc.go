// Command gen generates the wire packages (wire/iamwire, wire/stswire, wire/orgwire, wire/cloudtrailwire,
// wire/analyzerwire, wire/rolesanywherewire) from the pinned AWS service models in
// wire/models. Run it from the repository root (go run ./wire/internal/gen) or through go generate ./wire.
//
// It is separate from the runtime (wire/query) because it runs only at development time: it reads botocore's
// JSON (members in model order, constraints, error shapes, paginators), fails loudly on anything it cannot
// express faithfully (an untranslatable pattern, an unsupported trait or shape type, a name collision), and
// writes gofmt'ed Go. Types, the service description and Handlers are protocol-independent; the query
// protocol's decoders, encoders and Dispatch come from query.go, the JSON protocols' (awsJson1_1 and
// restJson1) from json.go and jsondispatch.go (protocolEmitters). Its output depends only on the models,
// so a test regenerates it and compares it with the committed code.
package main
