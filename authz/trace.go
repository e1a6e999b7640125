package authz

import (
	"context"
	"sync"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Explanation is one decision made for a request and why: the audit trail's additionalEventData.
type Explanation struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// Decision is the engine's: Allow, ExplicitDeny or ImplicitDeny.
	Decision string `json:"decision"`
	// Enforcement is "audit" when the authorizer let a denial through (Options.AuditOnly).
	Enforcement string `json:"enforcement,omitempty"`
	// Reason is AWS's AccessDenied message for a denial.
	Reason             string             `json:"reason,omitempty"`
	MatchedStatements  []MatchedStatement `json:"matchedStatements"`
	MissingContextKeys []string           `json:"missingContextKeys"`
}

// MatchedStatement is a statement that applied to the request.
type MatchedStatement struct {
	// PolicyType is identity, resource, boundary, session, scp or rcp.
	PolicyType string `json:"policyType"`
	// Policy is the managed policy's ARN ("" for an inline policy or a resource policy);
	// PolicyIndex the policy's position among the policies of its type.
	Policy         string `json:"policy,omitempty"`
	PolicyIndex    int    `json:"policyIndex"`
	StatementIndex int    `json:"statementIndex"`
	Sid            string `json:"sid,omitempty"`
	Effect         string `json:"effect"`
}

// Trace collects the explanations of a request's decisions.
type Trace struct {
	mu   sync.Mutex
	list []Explanation
}

// Explanations returns the decisions recorded so far, in order.
func (t *Trace) Explanations() []Explanation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Explanation(nil), t.list...)
}

func (t *Trace) add(x Explanation) {
	t.mu.Lock()
	t.list = append(t.list, x)
	t.mu.Unlock()
}

type traceKey struct{}

// WithTrace returns ctx carrying a new Trace, which Authorize fills with every decision it makes
// for requests of that context.
func WithTrace(ctx context.Context) (context.Context, *Trace) {
	t := new(Trace)
	return context.WithValue(ctx, traceKey{}, t), t
}

func traceFrom(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}

// explain turns a decision into its Explanation.
func explain(action, resource string, res *policy.Result, arns policyARNs, denied *awserr.Error) Explanation {
	x := Explanation{Action: action, Resource: resource, Decision: res.Decision.String(),
		MatchedStatements: make([]MatchedStatement, 0, len(res.Matched)), MissingContextKeys: append([]string{}, res.MissingContextKeys...)}
	if x.Resource == "" {
		x.Resource = "*"
	}
	if denied != nil {
		x.Reason = denied.Message
	}
	for _, m := range res.Matched {
		x.MatchedStatements = append(x.MatchedStatements, MatchedStatement{PolicyType: m.Type.String(), Policy: arns.of(m),
			PolicyIndex: m.PolicyIndex, StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: m.Effect.String()})
	}
	return x
}
