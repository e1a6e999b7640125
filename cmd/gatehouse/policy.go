package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/policy/policyfile"
)

func init() {
	commands["policy"] = command{summary: "evaluate a request against IAM policies, or validate a policy document", run: runPolicy}
}

// maxPolicyInput caps what `gatehouse policy` reads from a file or stdin: a request file
// holds several policies, each at most policy.MaxDocumentBytes.
const maxPolicyInput = 16 << 20

const policyUsage = `usage:
  gatehouse policy evaluate FILE|-
      Evaluate the request file (principal, action, resource, context and policies) and
      print the decision as JSON. Exit 0 whatever the decision, 2 if the request or a
      policy is malformed.
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
	case "-h", "--help", "help":
		fmt.Fprint(stdout, policyUsage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse policy: unknown subcommand %q\n\n%s", args[0], policyUsage)
	return 2
}

func policyEvaluate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, "gatehouse policy evaluate: need exactly one FILE (or - for stdin)\n\n"+policyUsage)
		return 2
	}
	data, err := readInput(args[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy evaluate: %v\n", err)
		return 2
	}
	out, err := policyfile.Evaluate(data)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy evaluate: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "gatehouse policy evaluate: %v\n", err)
		return 2
	}
	return 0
}

func policyValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--checks" || a == "-checks" || strings.HasPrefix(a, "--checks=") {
			return policyValidateChecks(args, stdin, stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("gatehouse policy validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kindName := fs.String("kind", "identity", "policy kind: identity, resource, role-trust, boundary, scp, rcp or session")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
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
