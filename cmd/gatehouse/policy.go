package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/policy/policyfile"
)

func init() {
	commands["policy"] = command{summary: "evaluate requests against IAM policies, validate or check a policy document", run: runPolicy}
}

// maxPolicyInput caps what `gatehouse policy` reads from one file or from stdin: a request file
// holds several policies, each at most policy.MaxDocumentBytes.
const maxPolicyInput = 16 << 20

const policyUsage = `usage:
  gatehouse policy evaluate [--jsonl] FILE|- [FILE|-]...
      Evaluate request files (principal, action, resource, context and policies) and print
      each decision as JSON. One request (one FILE, or stdin holding one) prints one indented
      JSON object. Several requests — several FILEs, or JSON lines on stdin, one request per
      line — print JSON Lines, one object per request in input order:
        {"input":"FILE or -:LINE","decision":"Allow|ExplicitDeny|ImplicitDeny",
         "matchedStatements":[…],"missingContextKeys":[…]}
      or, for a request that could not be evaluated, {"input":"…","error":"…"} (also on
      stderr). --jsonl prints JSON Lines even for one request.
      Exit 0 when every request was evaluated, whatever the decisions; 2 when any request
      or policy is malformed (the others are still evaluated) or on a usage error.
  gatehouse policy validate [--kind identity|resource|role-trust|boundary|scp|rcp|session] FILE|-
      Print the problems of a policy document, one per line (line:col: path: message).
      Exit 1 if it has errors, 0 if it has none (warnings alone do not fail).
` + policyChecksUsage + policyCheckUsage

func runPolicy(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, policyUsage)
		return 2
	}
	switch args[0] {
	case "evaluate":
		return policyEvaluate(args[1:], stdin, stdout, stderr)
	case "validate":
		return policyValidate(args[1:], stdin, stdout, stderr)
	case "check-no-new-access", "check-access-not-granted", "check-no-public-access":
		return policyCheck(args[0], args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, policyUsage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse policy: unknown subcommand %q\n\n%s", args[0], policyUsage)
	return 2
}

// evaluation is one request's answer in batch output: where it came from, and its decision or
// why it has none.
type evaluation struct {
	Input string `json:"input"`
	*policyfile.Output
	Error string `json:"error,omitempty"`
}

func policyEvaluate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("policy evaluate", policyUsage, stderr)
	jsonl := fs.Bool("jsonl", false, "print JSON Lines even for one request")
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "gatehouse policy evaluate: need at least one FILE (or - for stdin)\n\n"+policyUsage)
		return 2
	}
	var results []evaluation
	for _, name := range fs.Args() {
		results = append(results, evaluateInput(name, stdin)...)
	}
	status := 0
	for _, r := range results {
		if r.Error != "" {
			fmt.Fprintf(stderr, "gatehouse policy evaluate: %s: %s\n", r.Input, r.Error)
			status = 2
		}
	}
	if len(results) == 1 && !*jsonl {
		// One request: the indented object, as a person reads it; nothing on stdout if it failed.
		if results[0].Output == nil {
			return status
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(results[0].Output)
		return status
	}
	enc := json.NewEncoder(stdout)
	for _, r := range results {
		enc.Encode(r)
	}
	return status
}

// evaluateInput evaluates the requests of one input: the file's one request, or every JSON
// value on stdin for "-".
func evaluateInput(name string, stdin io.Reader) []evaluation {
	data, err := readInput(name, stdin)
	if err != nil {
		return []evaluation{{Input: name, Error: err.Error()}}
	}
	if name != "-" {
		return []evaluation{evaluate(name, data)}
	}
	var out []evaluation
	for _, v := range splitJSONValues(data) {
		out = append(out, evaluate(fmt.Sprintf("-:%d", v.line), v.data))
	}
	if len(out) == 0 {
		out = append(out, evaluation{Input: "-", Error: "no request on stdin"})
	}
	return out
}

func evaluate(input string, data []byte) evaluation {
	out, err := policyfile.Evaluate(data)
	if err != nil {
		return evaluation{Input: input, Error: err.Error()}
	}
	return evaluation{Input: input, Output: out}
}

// jsonValue is one JSON value of a stream and the line it starts on.
type jsonValue struct {
	line int
	data []byte
}

// splitJSONValues splits a stream of JSON values (JSON Lines, or any whitespace between values).
// At the first value that is not well-formed JSON the rest of the stream becomes one last value,
// so that evaluating it reports the syntax error as for a single request.
func splitJSONValues(data []byte) []jsonValue {
	var out []jsonValue
	dec := json.NewDecoder(bytes.NewReader(data))
	start := 0
	for {
		start += len(data[start:]) - len(bytes.TrimLeft(data[start:], " \t\r\n"))
		if start == len(data) {
			return out
		}
		line := 1 + bytes.Count(data[:start], []byte("\n"))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return append(out, jsonValue{line, data[start:]})
		}
		out = append(out, jsonValue{line, raw})
		start = int(dec.InputOffset())
	}
}

func policyValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--checks" || a == "-checks" || strings.HasPrefix(a, "--checks=") {
			return policyValidateChecks(args, stdin, stdout, stderr)
		}
	}
	fs := newFlagSet("policy validate", policyUsage, stderr)
	kindName := fs.String("kind", "identity", "policy kind: identity, resource, role-trust, boundary, scp, rcp or session")
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "gatehouse policy validate: need exactly one FILE (or - for stdin)\n\n"+policyUsage)
		return 2
	}
	kind, err := policy.ParseKind(*kindName)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy validate: --kind %q is not one of identity, resource, role-trust, boundary, scp, rcp, session\n", *kindName)
		return 2
	}
	data, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy validate: %v\n", err)
		return 2
	}
	status := 0
	for _, p := range policy.Validate(data, kind) {
		fmt.Fprintln(stdout, p.String())
		if p.Severity == policy.Error {
			status = 1
		}
	}
	return status
}

// readInput reads a named file, or stdin for "-", up to maxPolicyInput bytes.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxPolicyInput {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxPolicyInput)
	}
	return data, nil
}
