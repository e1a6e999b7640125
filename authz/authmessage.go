package authz

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Encoded authorization messages (STS DecodeAuthorizationMessage). Some AWS services answer a
// denied request with "Encoded authorization failure message: …": the request context and the
// decision, sealed so only a principal allowed sts:DecodeAuthorizationMessage can read it, and
// so it cannot be forged. AWS's IAM and STS never attach one to their own AccessDenied
// answers, so Gatehouse's IAM and STS do not either; DecideEncoded is for the operations that
// do (the authorization endpoint), and DecodeMessage serves DecodeAuthorizationMessage.
const (
	// maxEncodedMessage is the EncodedMessage parameter's limit in the STS model (10,240
	// characters). Messages are built to fit: the context keys are dropped when they would not.
	maxEncodedMessage = 10240
	// maxMessageJSON bounds a decoded message, so a decoder cannot be made to inflate more.
	maxMessageJSON = 256 << 10
	messageV1      = 0x4d
	messageAD      = "gatehouse authorization message v1\x00"
)

// ErrInvalidMessage is DecodeMessage's answer for text that is not a message this deployment
// sealed for the caller's account.
var ErrInvalidMessage = errors.New("authz: invalid authorization message")

// DecideEncoded is Decide that also returns, for a request not allowed, its encoded
// authorization message ("" when allowed).
func (a *Authorizer) DecideEncoded(ctx context.Context, call *callctx.Call, r Request) (*Decision, string, error) {
	if a.seals == nil {
		return nil, "", errors.New("authz: no message sealer configured")
	}
	d := new(Decision)
	var e evaluation
	if err := a.evaluate(ctx, call, r, &e, &d.Result); err != nil {
		return nil, "", err
	}
	if d.Result.Decision == policy.Allow {
		return d, "", nil
	}
	c := call.Caller
	d.Denied = e.denied(c, &d.Result)
	enc, err := a.sealMessage(c.AccountID, newMessage(c, &e.req, &e.in, &d.Result))
	if err != nil {
		return nil, "", err
	}
	return d, enc, nil
}

// DecodeMessage opens an encoded authorization message for a caller of accountID and returns
// its JSON, in AWS's DecodedMessage form.
func (a *Authorizer) DecodeMessage(accountID, encoded string) (string, error) {
	if a.seals == nil || len(encoded) > maxEncodedMessage {
		return "", ErrInvalidMessage
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || len(raw) < 2 || raw[0] != messageV1 {
		return "", ErrInvalidMessage
	}
	packed, err := a.seals.Open(raw[1:], []byte(messageAD+accountID))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidMessage, err)
	}
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(packed)), maxMessageJSON+1))
	if err != nil || len(out) > maxMessageJSON {
		return "", ErrInvalidMessage
	}
	return string(out), nil
}

func (a *Authorizer) sealMessage(accountID string, msg *authMessage) (string, error) {
	for {
		js, err := json.Marshal(msg)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		fw.Write(js)
		fw.Close()
		sealed, err := a.seals.Seal(buf.Bytes(), []byte(messageAD+accountID))
		if err != nil {
			return "", err
		}
		enc := base64.RawURLEncoding.EncodeToString(append([]byte{messageV1}, sealed...))
		if len(enc) <= maxEncodedMessage || len(msg.Context.Conditions.Items) == 0 {
			return enc, nil
		}
		msg.Context.Conditions.Items = nil // too large: keep the decision, drop the keys
	}
}

// authMessage is the decoded message, in AWS's shape: {"allowed":…,"explicitDeny":…,
// "matchedStatements":{"items":[…]},"failures":{"items":[]},"context":{…}}.
type authMessage struct {
	Allowed           bool           `json:"allowed"`
	ExplicitDeny      bool           `json:"explicitDeny"`
	MatchedStatements items[msgStmt] `json:"matchedStatements"`
	Failures          items[string]  `json:"failures"`
	Context           msgContext     `json:"context"`
}

type items[T any] struct {
	Items []T `json:"items"`
}

type msgValue struct {
	Value string `json:"value"`
}

type msgStmt struct {
	StatementID     string          `json:"statementId"`
	Effect          string          `json:"effect"`
	Principals      items[msgValue] `json:"principals"`
	PrincipalGroups items[msgValue] `json:"principalGroups"`
	Actions         items[msgValue] `json:"actions"`
	Resources       items[msgValue] `json:"resources"`
	Conditions      items[msgCond]  `json:"conditions"`
}

type msgCond struct {
	Key    string          `json:"key"`
	Values items[msgValue] `json:"values"`
}

type msgContext struct {
	Principal  msgPrincipal   `json:"principal"`
	Action     string         `json:"action"`
	Resource   string         `json:"resource"`
	Conditions items[msgCond] `json:"conditions"`
}

type msgPrincipal struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	ARN  string `json:"arn"`
}

func newMessage(c *callctx.Caller, req *policy.Request, in *policy.Policies, res *policy.Result) *authMessage {
	m := &authMessage{
		Allowed:      res.Decision == policy.Allow,
		ExplicitDeny: res.Decision == policy.ExplicitDeny,
		Failures:     items[string]{Items: []string{}},
	}
	m.MatchedStatements.Items = []msgStmt{}
	owner := c.UserID
	if c.Kind == callctx.KindRoleSession {
		owner = c.RoleID
	} else if c.Kind == callctx.KindRoot {
		owner = c.AccountID
	}
	for _, match := range res.Matched {
		st, ok := statementOf(in, match)
		if !ok {
			continue
		}
		ms := msgStmt{StatementID: st.Sid, Effect: strings.ToUpper(match.Effect.String())}
		ms.Principals.Items = []msgValue{{Value: owner}}
		ms.PrincipalGroups.Items = []msgValue{}
		ms.Actions.Items = values(st.Actions)
		ms.Resources.Items = values(st.Resources)
		if len(ms.Resources.Items) == 0 {
			ms.Resources.Items = []msgValue{{Value: "*"}}
		}
		ms.Conditions.Items = []msgCond{}
		for _, cond := range st.Conditions {
			ms.Conditions.Items = append(ms.Conditions.Items, msgCond{Key: cond.Key, Values: items[msgValue]{Items: values(cond.Values)}})
		}
		m.MatchedStatements.Items = append(m.MatchedStatements.Items, ms)
	}
	action := req.Action
	if _, op, ok := strings.Cut(action, ":"); ok {
		action = op
	}
	m.Context = msgContext{Principal: msgPrincipal{ID: c.UniqueID, ARN: c.ARN}, Action: action, Resource: req.Resource}
	if c.Kind == callctx.KindUser {
		m.Context.Principal.Name = c.UserName
	}
	m.Context.Conditions.Items = []msgCond{}
	for _, k := range req.Context.Keys() {
		vs, _, _ := req.Context.Lookup(k)
		mc := msgCond{Key: k}
		mc.Values.Items = make([]msgValue, len(vs))
		for i, v := range vs {
			mc.Values.Items[i] = msgValue{Value: v}
		}
		m.Context.Conditions.Items = append(m.Context.Conditions.Items, mc)
	}
	return m
}

// statementOf finds the statement a match refers to.
func statementOf(in *policy.Policies, m policy.Match) (policy.Statement, bool) {
	var set *policy.Set
	switch m.Type {
	case policy.TypeIdentity:
		set = in.Identity
	case policy.TypeResource:
		set = in.Resource
	case policy.TypeBoundary:
		set = in.Boundary
	case policy.TypeSession:
		set = in.Session
	case policy.TypeSCP:
		if m.Level < len(in.SCPs) {
			set = in.SCPs[m.Level]
		}
	case policy.TypeRCP:
		if m.Level < len(in.RCPs) {
			set = in.RCPs[m.Level]
		}
	}
	if set == nil || m.PolicyIndex >= len(set.Policies()) {
		return policy.Statement{}, false
	}
	doc := set.Policies()[m.PolicyIndex].Document()
	for _, st := range doc.Statements {
		if st.Index == m.StatementIndex {
			return st, true
		}
	}
	return policy.Statement{}, false
}

func values(vs []policy.Value) []msgValue {
	out := make([]msgValue, len(vs))
	for i, v := range vs {
		out[i] = msgValue{Value: v.Text}
	}
	return out
}
