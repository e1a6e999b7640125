package analyzer

import (
	"encoding/json"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// maxGeneratedPolicy is the size of one generated policy at most: IAM's limit for a managed
// policy (6,144 characters without whitespace). A job whose statements do not fit in one
// gets several policies, as AWS's does.
const maxGeneratedPolicy = 6144

// authrefAction is an action name with the Service Authorization Reference's capitalization.
func authrefAction(name string) (string, bool) {
	if a, ok := authref.Action(name); ok {
		return a.String(), true
	}
	return "", false
}

type generatedStatement struct {
	Effect   string
	Action   []string
	Resource any
}

// renderGenerated writes a job's findings as identity policies: one Allow statement per set of
// resources, its actions sorted. An action's resources are those it was seen authorized on;
// for an action seen on none, with placeholders, the ARN formats of the resource types it
// requires (partition and account filled in, the rest left as ${Placeholders} to edit), else "*". With the service-level template, each service used
// with no action recorded is allowed as a whole ("svc:*").
func renderGenerated(j *generationJob, partition, account string, placeholders, serviceLevel bool) []analyzerwire.GeneratedPolicy {
	var stmts []*generatedStatement
	byResources := map[string]*generatedStatement{}
	for _, act := range j.Actions {
		res := j.Resources[act]
		switch {
		case len(res) > 0:
		case placeholders:
			res = resourceTemplates(act, partition, account)
		default:
			res = []string{"*"}
		}
		key := strings.Join(res, "\x00")
		st := byResources[key]
		if st == nil {
			st = &generatedStatement{Effect: "Allow", Resource: res}
			if len(res) == 1 {
				st.Resource = res[0]
			}
			byResources[key] = st
			stmts = append(stmts, st)
		}
		st.Action = append(st.Action, act)
	}
	if serviceLevel {
		for _, svc := range j.Services {
			stmts = append(stmts, &generatedStatement{Effect: "Allow", Action: []string{svc + ":*"}, Resource: "*"})
		}
	}
	out := []analyzerwire.GeneratedPolicy{}
	var cur []*generatedStatement
	flush := func() {
		if len(cur) > 0 {
			out = append(out, analyzerwire.GeneratedPolicy{Policy: policyText(cur)})
			cur = nil
		}
	}
	for _, st := range stmts {
		if len(cur) > 0 && len(policyText(append(cur, st))) > maxGeneratedPolicy {
			flush()
		}
		cur = append(cur, st)
	}
	flush()
	return out
}

func policyText(stmts []*generatedStatement) string {
	b, _ := json.Marshal(struct {
		Version   string
		Statement []*generatedStatement
	}{"2012-10-17", stmts})
	return string(b)
}

// resourceTemplates are the ARN formats of the resource types act requires (all it names when
// none is required), "*" for an action on no resource type.
func resourceTemplates(act, partition, account string) []string {
	info, ok := authref.Action(act)
	if !ok || len(info.Resources) == 0 {
		return []string{"*"}
	}
	var out []string
	for _, required := range []bool{true, false} {
		for _, r := range info.Resources {
			if r.Required == required {
				a := strings.ReplaceAll(r.Type.ARN, "${Partition}", partition)
				out = append(out, strings.ReplaceAll(a, "${Account}", account))
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}
