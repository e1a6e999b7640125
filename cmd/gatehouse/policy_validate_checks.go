package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// policyChecksUsage documents `gatehouse policy validate --checks`.
const policyChecksUsage = `  gatehouse policy validate --checks [--kind KIND | --policy-type TYPE] [--resource-type TYPE] [--output text|json] FILE|-
      Run IAM Access Analyzer's policy checks (ValidatePolicy) without a server and print
      the findings: text, one per line (FILE:LINE:COLUMN: TYPE ISSUE_CODE: details, columns
      from 1), or --output json, AWS's ValidatePolicy response ({"findings": [...]}, columns
      from 0 as AWS counts them). --policy-type takes AWS's names (IDENTITY_POLICY,
      RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY); --kind role-trust
      means RESOURCE_POLICY with --resource-type AWS::IAM::AssumeRolePolicyDocument.
      Exit 1 if any finding is an ERROR or SECURITY_WARNING, 0 otherwise (warnings and
      suggestions alone do not fail), 2 for a usage error or an unreadable file.
`

// kindPolicyTypes maps `policy validate --kind` onto ValidatePolicy's policy types.
var kindPolicyTypes = map[string]analysis.Options{
	"identity":   {PolicyType: analysis.IdentityPolicy},
	"boundary":   {PolicyType: analysis.IdentityPolicy},
	"session":    {PolicyType: analysis.IdentityPolicy},
	"resource":   {PolicyType: analysis.ResourcePolicy},
	"role-trust": {PolicyType: analysis.ResourcePolicy, ResourceType: analysis.IAMAssumeRolePolicyDoc},
	"scp":        {PolicyType: analysis.ServiceControlPolicy},
	"rcp":        {PolicyType: analysis.ResourceControlPolicy},
}

func policyValidateChecks(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("policy validate --checks", policyUsage, stderr)
	fs.Bool("checks", true, "run Access Analyzer's policy checks")
	kind := fs.String("kind", "", "policy kind: identity, resource, role-trust, boundary, scp, rcp or session")
	policyType := fs.String("policy-type", "", "ValidatePolicy policyType")
	resourceType := fs.String("resource-type", "", "ValidatePolicy validatePolicyResourceType")
	output := fs.String("output", "text", "text or json")
	if status, done := fs.parse(args, stdout); done {
		return status
	}
	opts, err := checksOptions(*kind, *policyType, *resourceType)
	if err == nil && *output != "text" && *output != "json" {
		err = fmt.Errorf("--output %q is not text or json", *output)
	}
	if err == nil && fs.NArg() != 1 {
		err = errors.New("need exactly one FILE (or - for stdin)")
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy validate: %v\n\n%s", err, policyChecksUsage)
		return 2
	}
	data, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse policy validate: %v\n", err)
		return 2
	}
	findings, err := analysis.Validate(data, opts)
	if err != nil { // opts were checked above
		fmt.Fprintf(stderr, "gatehouse policy validate: %v\n", err)
		return 2
	}
	if err := printFindings(stdout, fs.Arg(0), *output, findings); err != nil {
		fmt.Fprintf(stderr, "gatehouse policy validate: %v\n", err)
		return 2
	}
	for _, f := range findings {
		if f.FindingType.Blocking() {
			return 1
		}
	}
	return 0
}

func checksOptions(kind, policyType, resourceType string) (analysis.Options, error) {
	opts := analysis.Options{PolicyType: analysis.IdentityPolicy}
	switch {
	case kind != "" && policyType != "":
		return opts, errors.New("give --kind or --policy-type, not both")
	case kind != "":
		o, ok := kindPolicyTypes[kind]
		if !ok {
			return opts, fmt.Errorf("--kind %q is not one of identity, resource, role-trust, boundary, scp, rcp, session", kind)
		}
		opts = o
	case policyType != "":
		opts.PolicyType = analysis.PolicyType(policyType)
	}
	if resourceType != "" {
		opts.ResourceType = analysis.ResourceType(resourceType)
	}
	return opts, opts.Check()
}

func printFindings(w io.Writer, name, output string, findings []analysis.Finding) error {
	if output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Findings []analysis.Finding `json:"findings"`
		}{findings})
	}
	if name == "-" {
		name = "<stdin>"
	}
	for _, f := range findings {
		line, col, path := 1, 1, ""
		if len(f.Locations) > 0 {
			l := f.Locations[0]
			line, col, path = l.Span.Start.Line, l.Span.Start.Column+1, pathString(l.Path)
		}
		if path != "" {
			path = " [" + path + "]"
		}
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s %s: %s%s\n", name, line, col, f.FindingType, f.IssueCode, f.FindingDetails, path); err != nil {
			return err
		}
	}
	return nil
}

// pathString renders a path as Statement[0].Condition.StringEquals.aws:SourceIp.
func pathString(p []analysis.PathElement) string {
	var b strings.Builder
	for _, e := range p {
		switch e.Kind {
		case analysis.PathIndex:
			fmt.Fprintf(&b, "[%d]", e.Index)
		case analysis.PathSubstring:
			fmt.Fprintf(&b, "[chars %d-%d]", e.Start, e.Start+e.Length)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e.Name)
		}
	}
	return b.String()
}
