package main

import (
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/wire/jsonproto"
)

// errorFields returns the members of an error shape beyond its message, and the message member's name.
// A shape that models no message (CloudTrail's errors, in botocore's model) is written with "Message",
// the member the service's Smithy model, and so aws-sdk-go-v2, gives every error.
func (g *generator) errorFields(shapeName string) ([]member, string) {
	var out []member
	key := "Message"
	for _, m := range g.m.Shapes[shapeName].Members {
		if strings.EqualFold(m.Name, "message") {
			key = m.Name
			continue
		}
		out = append(out, m)
	}
	return out, key
}

// emitJSONErrors writes errors.go of a JSON-protocol service: the codes, a <Error>Fields type for each
// error shape with modelled members beyond its message, and the constructors Err<Error> and, with those
// members, Err<Error>With.
func (g *generator) emitJSONErrors() (string, error) {
	c := &code{}
	c.p("%s", g.header(`"github.com/gatehouse-iam/gatehouse/awserr"`, `"github.com/gatehouse-iam/gatehouse/wire/jsonproto"`))
	shapes := g.errorShapes()
	c.p("// Codes of the model's error shapes: the strings clients switch on.\nconst (\n")
	for _, e := range shapes {
		c.p("%s", comment("\t", fmt.Sprintf("ErrCode%s is the code of %s (HTTP %d). %s", e.ident, e.shape, e.status, e.doc)))
		c.p("\tErrCode%s = %q\n", e.ident, e.code)
	}
	c.p(")\n\n")
	for _, e := range shapes {
		fields, _ := g.errorFields(e.shape)
		c.p("%s", comment("", fmt.Sprintf("Err%s returns a %s error (HTTP %d) with a formatted message.", e.ident, e.code, e.status)))
		c.p("func Err%s(format string, args ...any) *awserr.Error {\n", e.ident)
		c.p("\treturn jsonproto.NewError(ErrCode%s, %d, %s, nil, format, args...)\n}\n\n", e.ident, e.status, e.fault)
		if len(fields) == 0 {
			continue
		}
		c.p("%s", comment("", fmt.Sprintf("%sFields are the members of %s beyond its message, which clients read "+
			"from the error.", e.ident, e.shape)))
		c.p("type %sFields struct {\n", e.ident)
		s := g.m.Shapes[e.shape]
		for _, m := range fields {
			typ, err := g.goType(&m.shapeRef, !s.required(m.Name))
			if err != nil {
				return "", fmt.Errorf("%s.%s: %w", e.shape, m.Name, err)
			}
			field, _ := exported(m.Name)
			doc := firstSentence(m.Documentation)
			if s.required(m.Name) {
				doc = strings.TrimSpace(doc + " Required.")
			}
			c.p("%s\t%s %s\n", comment("\t", doc), field, typ)
		}
		c.p("}\n\n")
		c.p("%s", comment("", fmt.Sprintf("Err%sWith returns a %s error (HTTP %d) with its modelled members and a "+
			"formatted message.", e.ident, e.code, e.status)))
		c.p("func Err%sWith(f %sFields, format string, args ...any) *awserr.Error {\n", e.ident, e.ident)
		c.p("\treturn jsonproto.NewError(ErrCode%s, %d, %s, &f, format, args...)\n}\n\n", e.ident, e.status, e.fault)
	}
	return c.String(), nil
}

// dispatchFile writes the operations table, Resolve, Dispatch and ErrorResponse.
func (j *jsonGen) dispatchFile() (string, error) {
	g := j.g
	c := &code{}
	c.p("%s", g.header(`"context"`, "", `"github.com/gatehouse-iam/gatehouse/awserr"`,
		`"github.com/gatehouse-iam/gatehouse/wire"`, `"github.com/gatehouse-iam/gatehouse/wire/constraint"`,
		`"github.com/gatehouse-iam/gatehouse/wire/jsonproto"`))
	c.p("var (\n\t_ = constraint.Summary\n\t_ awserr.Error\n)\n\n")
	if err := j.inputErrors(c); err != nil {
		return "", err
	}
	j.maxResultsErrors(c)
	c.p("%s", jsonOperationType)
	c.p("// operationList holds the operations in Service.Operations order.\nvar operationList = []*Operation{\n")
	for i, op := range g.ops {
		status := op.HTTP.ResponseCode
		if status == 0 {
			status = 200
		}
		c.p("\t{Operation: &Service.Operations[%d], Method: %q, Pattern: %q, Status: %d, decode: decode%s, call: call%s, "+
			"encode: encode%s, newInput: func() any { return new(%s) }, newOutput: func() any { return new(%s) }},\n",
			i, op.HTTP.Method, op.HTTP.RequestURI, status, op.Name, op.Name, op.Name, g.inputs[op.Name], g.outputs[op.Name])
	}
	c.p("}\n\nvar operations = map[string]*Operation{\n")
	for i, op := range g.ops {
		c.p("\t%q: operationList[%d],\n", op.Name, i)
	}
	c.p("}\n\n")
	if err := j.resolve(c); err != nil {
		return "", err
	}
	c.p("%s", jsonDispatch)
	g.emitCalls(c, "jsonproto")
	if err := j.errorResponse(c); err != nil {
		return "", err
	}
	return c.String(), nil
}

const jsonOperationType = `// Operation is one entry of the operations table: the model's description of the operation, its HTTP
// binding and its codec. Lookup and Resolve find it; Dispatch runs all of its steps.
type Operation struct {
	*wire.Operation
	// Method and Pattern are the model's http trait (restJson1 routes by them; awsJson1_1 requests are
	// POST /), Status the HTTP status of a success.
	Method, Pattern string
	Status          int
	// decode returns the decoded input even when validation fails, so differential tests can compare it.
	decode    func(r *jsonproto.Request, labels []string) (any, error)
	call      func(ctx context.Context, h *Handlers, in any) (any, error)
	encode    func(w *jsonproto.Writer, resp *jsonproto.Response, out any)
	newInput  func() any
	newOutput func() any
}

// Decode decodes and validates the operation's input (a *<Operation>Input) from the request; labels are
// the path's label values from Resolve. The error is the service's answer to bad input.
func (op *Operation) Decode(r *jsonproto.Request, labels []string) (any, error) {
	in, err := op.decode(r, labels)
	if err != nil {
		return nil, err
	}
	return in, nil
}

// Call invokes the operation's field of h with a decoded input and returns its output; a nil field (or
// a nil h) answers NotImplemented.
func (op *Operation) Call(ctx context.Context, h *Handlers, in any) (any, error) { return op.call(ctx, h, in) }

// Encode renders an output returned by Call: the success status, modelled headers and the JSON document
// appended to dst.
func (op *Operation) Encode(dst []byte, out any) *jsonproto.Response {
	resp := &jsonproto.Response{Status: op.Status, ContentType: jsonproto.ContentType(Service.Protocol)}
	w := jsonproto.NewWriter(dst)
	op.encode(&w, resp, out)
	resp.Body = w.Bytes()
	return resp
}

// Lookup returns the operation with the given name.
func Lookup(name string) (*Operation, bool) {
	op, ok := operations[name]
	return op, ok
}

`

const jsonDispatch = `// Dispatch serves one request: it resolves the operation, decodes and validates the input, calls the
// operation's field of h (NotImplemented when it is nil) and renders the output, appending its document to dst. On failure it returns a non-nil
// *awserr.Error (a handler error that is not one becomes InternalFailure) for ErrorResponse to render.
// The caller owns the HTTP exchange (and the request ID header).
func Dispatch(ctx context.Context, h *Handlers, r *jsonproto.Request, dst []byte) (*jsonproto.Response, error) {
	op, labels, err := Resolve(r)
	if err != nil {
		return nil, err
	}
	in, err := op.Decode(r, labels)
	if err != nil {
		return nil, err
	}
	out, err := op.Call(ctx, h, in)
	if err != nil {
		return nil, jsonproto.AsError(err)
	}
	return op.Encode(dst, out), nil
}

`

func (j *jsonGen) resolve(c *code) error {
	if !j.rest {
		c.p(`// Resolve returns the operation an awsJson request's X-Amz-Target header names ("%s.<Operation>", or
// the short prefix %q); anything else is UnknownOperationException.
func Resolve(r *jsonproto.Request) (*Operation, []string, error) {
	name, ok := jsonproto.TargetOperation(r.Target(), Service.TargetPrefix)
	if op := operations[name]; ok && op != nil {
		return op, nil, nil
	}
	return nil, nil, jsonproto.UnknownOperation("The X-Amz-Target header does not name an operation of %%s.", Service.ID)
}

`, j.g.m.Metadata.TargetPrefix, j.g.m.Metadata.TargetPrefix[strings.LastIndexByte(j.g.m.Metadata.TargetPrefix, '.')+1:])
		return nil
	}
	routes, err := j.routes()
	if err != nil {
		return err
	}
	c.p("var router = jsonproto.NewRouter([]jsonproto.Route{\n")
	for _, r := range routes {
		c.p("\t%s,\n", r)
	}
	c.p("})\n\n")
	c.p(`// Resolve returns the operation whose route (method and path pattern) matches the request most
// specifically, with the path's label values; no match is UnknownOperationException (HTTP 404).
func Resolve(r *jsonproto.Request) (*Operation, []string, error) {
	i, labels, ok := router.Match(r.Method, r.Path)
	if !ok {
		return nil, nil, jsonproto.UnknownRoute(Service.ID, r.Method, r.Path)
	}
	return operationList[i], labels, nil
}

`)
	return nil
}

func checkPattern(p string) error { return jsonproto.CheckPattern(p) }

// errorResponse writes ErrorResponse and the encoders of the error shapes' modelled members.
func (j *jsonGen) errorResponse(c *code) error {
	g := j.g
	type fielded struct {
		e      errorShape
		fields []member
	}
	var withFields []fielded
	keys := map[string]string{}
	for _, e := range g.errorShapes() {
		fields, key := g.errorFields(e.shape)
		if key != "message" {
			keys[e.ident] = key
		}
		if len(fields) > 0 {
			withFields = append(withFields, fielded{e, fields})
		}
	}
	c.p("// messageKeys names the error shapes whose message member is not \"message\".\nvar messageKeys = map[string]string{\n")
	for _, id := range sortedKeys(keys) {
		c.p("\tErrCode%s: %q,\n", id, keys[id])
	}
	c.p("}\n\n")
	c.p(`// ErrorResponse renders err (any error; what is not an *awserr.Error becomes InternalFailure, its cause
// kept out of the document) in the service's protocol: its status, the x-amzn-ErrorType header and
// {"__type", the message, and the modelled members of an error built by an Err…With constructor}.
func ErrorResponse(err error, dst []byte) *jsonproto.Response {
	e := jsonproto.AsError(err)
	doc := jsonproto.ErrorDocument{MessageKey: messageKeys[e.Code]}
`)
	if len(withFields) > 0 {
		c.p("\tswitch f := e.Detail.(type) {\n")
		for _, wf := range withFields {
			c.p("\tcase *%sFields:\n\t\tdoc.Members = func(w *jsonproto.Writer, resp *jsonproto.Response) { encode%sFields(w, resp, f) }\n",
				wf.e.ident, wf.e.ident)
		}
		c.p("\t}\n")
	}
	c.p("\treturn jsonproto.ErrorResponse(Service.Protocol, e, doc, dst)\n}\n\n")
	for _, wf := range withFields {
		s := g.m.Shapes[wf.e.shape]
		c.p("func encode%sFields(w *jsonproto.Writer, resp *jsonproto.Response, v *%sFields) {\n", wf.e.ident, wf.e.ident)
		for _, m := range wf.fields {
			if m.Location != "" {
				if err := j.encodeBound(c, s, m, "resp"); err != nil {
					return fmt.Errorf("%s.%s: %w", wf.e.shape, m.Name, err)
				}
				continue
			}
			if err := j.encodeMember(c, s, m); err != nil {
				return fmt.Errorf("%s.%s: %w", wf.e.shape, m.Name, err)
			}
		}
		c.p("\t_ = resp\n}\n\n")
	}
	return nil
}

// inputErrors writes the service's answers to bad input (jsonproto.InputErrors), in the style its
// configuration names.
func (j *jsonGen) inputErrors(c *code) error {
	g := j.g
	c.p("// inputErrors is how %s answers input it cannot accept.\n", g.m.Metadata.ServiceID)
	switch g.cfg.InputErrors {
	case "":
		c.p("var inputErrors = jsonproto.InputErrors{}\n\n")
	case "fieldList":
		// Access Analyzer: ValidationException{message, reason, fieldList[{name, message}]}.
		if err := j.requireError("ValidationException", "reason", "fieldList"); err != nil {
			return err
		}
		c.p(`var inputErrors = jsonproto.InputErrors{
	Parse: func(message string) *awserr.Error {
		return ErrValidationExceptionWith(ValidationExceptionFields{Reason: ValidationExceptionReasonCannotParse}, "%%s", message)
	},
	Invalid: func(vs []constraint.Violation) *awserr.Error {
		f := ValidationExceptionFields{Reason: ValidationExceptionReasonFieldValidationFailed}
		for _, v := range vs {
			f.FieldList = append(f.FieldList, ValidationExceptionField{Name: v.Path, Message: v.Message})
		}
		return ErrValidationExceptionWith(f, "%%s", constraint.Summary(vs))
	},
}

`)
	case "reason":
		// Organizations: InvalidInputException{Message, Reason}, the reason naming the kind of violation.
		if err := j.requireError("InvalidInputException", "Reason"); err != nil {
			return err
		}
		c.p(`var inputErrors = jsonproto.InputErrors{
	Invalid: func(vs []constraint.Violation) *awserr.Error {
		r := invalidInputReasons[vs[0].Kind]
		return ErrInvalidInputExceptionWith(InvalidInputExceptionFields{Reason: &r}, "%%s", constraint.Summary(vs))
	},
}

// invalidInputReasons maps each kind of violation to the InvalidInputException reason that names it.
var invalidInputReasons = map[constraint.Kind]InvalidInputExceptionReason{
	constraint.KindRequired:   InvalidInputExceptionReasonInputRequired,
	constraint.KindMaxLength:  InvalidInputExceptionReasonMaxLengthExceeded,
	constraint.KindMinLength:  InvalidInputExceptionReasonMinLengthExceeded,
	constraint.KindPattern:    InvalidInputExceptionReasonInvalidPattern,
	constraint.KindEnum:       InvalidInputExceptionReasonInvalidEnum,
	constraint.KindMaxValue:   InvalidInputExceptionReasonMaxValueExceeded,
	constraint.KindMinValue:   InvalidInputExceptionReasonMinValueExceeded,
	constraint.KindListMember: InvalidInputExceptionReasonInvalidListMember,
	constraint.KindUnion:      InvalidInputExceptionReasonInputRequired,
	constraint.KindFormat:     InvalidInputExceptionReasonInvalidPattern,
}

`)
	default:
		return fmt.Errorf("unknown InputErrors style %q", g.cfg.InputErrors)
	}
	return nil
}

// requireError fails unless the model has the error shape with the given members.
func (j *jsonGen) requireError(shapeName string, members ...string) error {
	s, ok := j.g.m.Shapes[shapeName]
	if !ok || !s.Exception {
		return fmt.Errorf("the model has no %s error", shapeName)
	}
	for _, m := range members {
		found := false
		for _, sm := range s.Members {
			found = found || sm.Name == m
		}
		if !found {
			return fmt.Errorf("error %s has no member %s", shapeName, m)
		}
	}
	return nil
}

// limitsMaxResults says whether op answers an out-of-range MaxResults with the model's
// InvalidMaxResultsException (the operation lists that error and has a top-level MaxResults)
// rather than the generic answer to a constraint violation.
func (j *jsonGen) limitsMaxResults(op *operation) bool {
	if op.Input == nil {
		return false
	}
	has := false
	for _, m := range j.g.m.Shapes[op.Input.Shape].Members {
		has = has || m.Name == "MaxResults"
	}
	for _, e := range op.Errors {
		if e.Shape == "InvalidMaxResultsException" {
			return has
		}
	}
	return false
}

// maxResultsErrors writes maxResultsErrors, the input errors of the operations limitsMaxResults
// selects: violations of MaxResults' range alone are InvalidMaxResultsException, anything else
// is answered as inputErrors answers it.
func (j *jsonGen) maxResultsErrors(c *code) {
	found := false
	for _, op := range j.g.ops {
		found = found || j.limitsMaxResults(op)
	}
	if !found {
		return
	}
	c.p(`// maxResultsErrors is how an operation that lists InvalidMaxResultsException answers input it
// cannot accept: a MaxResults out of its range alone is InvalidMaxResultsException (HTTP 400; the
// message, the violation's sentence, is unconfirmed), anything else as inputErrors answers it.
var maxResultsErrors = jsonproto.InputErrors{
	Parse: inputErrors.Parse,
	Invalid: func(vs []constraint.Violation) *awserr.Error {
		limit := true
		for _, v := range vs {
			limit = limit && v.Path == "maxResults" && (v.Kind == constraint.KindMinValue || v.Kind == constraint.KindMaxValue)
		}
		switch {
		case limit:
			return ErrInvalidMaxResultsException("%%s", constraint.Summary(vs))
		case inputErrors.Invalid != nil:
			return inputErrors.Invalid(vs)
		}
		return jsonproto.ValidationError(vs)
	},
}

`)
}
