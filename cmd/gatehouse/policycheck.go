package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/policy/prove"
)

// The custom policy checks of IAM Access Analyzer, for CI without a server: each prints the
// API's response (result, message, reasons) as JSON, notes an example request on stderr when
// it fails, and exits 0 on PASS, 1 on FAIL, 2 on bad input.

const policyCheckUsage = `  gatehouse policy check-no-new-access [--policy-type identity|resource] NEW EXISTING
      Does NEW grant any request EXISTING does not (CheckNoNewAccess)?
  gatehouse policy check-access-not-granted [--policy-type identity|resource]
          [--actions A,B…] [--resources ARN,…] FILE|-
      Does the policy grant any of the actions (on any of the resources)?
  gatehouse policy check-no-public-access --resource-type AWS::S3::Bucket|AWS::KMS::Key|… FILE|-
      Does the resource policy grant access to a caller outside every zone of trust?
      Each prints the Access Analyzer response as JSON; exit 0 on PASS, 1 on FAIL, 2 on bad input.
`

func policyCheck(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("policy "+name, policyUsage, stderr)
	typ := fs.String("policy-type", "identity", "identity or resource (IDENTITY_POLICY, RESOURCE_POLICY)")
	actions := fs.String("actions", "", "comma-separated actions (check-access-not-granted)")
	resources := fs.String("resources", "", "comma-separated resource ARNs (check-access-not-granted)")
	rtype := fs.String("resource-type", "", "resource type, e.g. AWS::S3::Bucket (check-no-public-access)")
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gatehouse policy %s: %s\n", name, fmt.Sprintf(format, a...))
		return 2
	}
	pt := prove.PolicyType(strings.ToUpper(*typ))
	switch strings.ToLower(*typ) {
	case "identity":
		pt = prove.IdentityPolicy
	case "resource":
		pt = prove.ResourcePolicy
	}
	want := map[string]int{"check-no-new-access": 2, "check-access-not-granted": 1, "check-no-public-access": 1}[name]
	if fs.NArg() != want {
		return fail("need %d FILE argument(s) (- for stdin)\n\n%s", want, policyCheckUsage)
	}
	var docs []string
	for _, f := range fs.Args() {
		data, err := readInput(f, stdin)
		if err != nil {
			return fail("%v", err)
		}
		docs = append(docs, string(data))
	}
	var res *prove.Result
	var err error
	switch name {
	case "check-no-new-access":
		res, err = prove.CheckNoNewAccess(docs[0], docs[1], pt)
	case "check-access-not-granted":
		res, err = prove.CheckAccessNotGranted(docs[0], prove.Access{Actions: splitList(*actions), Resources: splitList(*resources)}, pt)
	default:
		res, err = prove.CheckNoPublicAccess(docs[0], *rtype)
	}
	if err != nil {
		return fail("%v", err)
	}
	return printCheck(res, stdout, stderr)
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

type checkReason struct {
	Description    string `json:"description"`
	StatementIndex int    `json:"statementIndex"`
	StatementID    string `json:"statementId,omitempty"`
}

func printCheck(res *prove.Result, stdout, stderr io.Writer) int {
	out := struct {
		Result  string        `json:"result"`
		Message string        `json:"message"`
		Reasons []checkReason `json:"reasons,omitempty"`
	}{Result: string(res.Result), Message: res.Message}
	for _, r := range res.Reasons {
		out.Reasons = append(out.Reasons, checkReason{r.Description, r.StatementIndex, r.StatementID})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
	if res.Result == prove.Pass {
		return 0
	}
	if res.Example != nil {
		fmt.Fprintf(stderr, "example: %s\n", describeRequest(res.Example, res.Confirmed))
	}
	return 1
}

func describeRequest(r *policy.Request, confirmed bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "action %s on resource %s", r.Action, r.Resource)
	if r.Principal.Kind != 0 {
		fmt.Fprintf(&b, " by %s %s", r.Principal.Kind, r.Principal.ARN)
	}
	for _, k := range r.Context.Keys() {
		vals, multi, _ := r.Context.Lookup(k)
		if multi {
			fmt.Fprintf(&b, ", %s=%q", k, vals)
		} else {
			fmt.Fprintf(&b, ", %s=%q", k, vals[0])
		}
	}
	if !confirmed {
		b.WriteString(" (over-approximated: the documents use parts the checker cannot model exactly)")
	}
	return b.String()
}
