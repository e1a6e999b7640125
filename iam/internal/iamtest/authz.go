package iamtest

import (
	"context"
	"strings"
	"testing"

	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// Authz is one row of an authorization table: a call of the operation Op, the resource AWS
// names when it refuses the call to a caller without permission ("user/ghost" in the caller's
// account, a whole ARN, or "*"), and what AWS answers the call once the caller may make it: an
// empty Code means it succeeds, otherwise it fails with Code and Message ("" for any message).
type Authz struct {
	Op       string
	Call     func(ctx context.Context) error
	Resource string
	Code     string
	Message  string
}

// Row is the row calling op with in: refused on resource, then answered with code and message
// (none: the call succeeds).
func Row[In, Out, O any](op Op[In, Out, O], in *In, resource string, answer ...string) Authz {
	r := Authz{Op: opName(op), Resource: resource, Call: func(ctx context.Context) error {
		_, err := op(ctx, in)
		return err
	}}
	if len(answer) > 0 {
		r.Code = answer[0]
	}
	if len(answer) > 1 {
		r.Message = answer[1]
	}
	return r
}

// Caller is a principal the authorization tables call as: its ARN and its IAM client.
type Caller struct {
	ARN    string
	Client *awsiam.Client
}

// Authorization is an authorization table and what checks it: Rows makes the table's calls
// as the client given, Action is the action each operation is authorized as (from the
// service's operations table).
type Authorization struct {
	Account string
	Rows    func(c *awsiam.Client) []Authz
	Action  func(op string) string
}

// Run checks every row twice, each as a subtest: first as denied, a caller no policy allows
// anything, who must get AccessDenied with AWS's implicit-deny message naming the operation's
// action and the row's resource, whether or not the resource exists (an unauthorized caller
// learns nothing); then, in the rows' order, as allowed, who must get the row's answer.
func (a Authorization) Run(t *testing.T, denied, allowed Caller) {
	t.Helper()
	refused, permitted := a.Rows(denied.Client), a.Rows(allowed.Client)
	t.Run("denied", func(t *testing.T) {
		for _, r := range refused {
			t.Run(r.Op, func(t *testing.T) {
				stacktest.WantError(t, r.Call(t.Context()), "AccessDenied", Denied(denied.ARN, a.Action(r.Op), a.arn(r.Resource)))
			})
		}
	})
	t.Run("allowed", func(t *testing.T) {
		for _, r := range permitted {
			t.Run(r.Op, func(t *testing.T) { wantAnswer(t, r.Call(t.Context()), r) })
		}
	})
}

// arn is the whole ARN of a row's resource.
func (a Authorization) arn(resource string) string {
	if resource == "*" || strings.HasPrefix(resource, "arn:") {
		return resource
	}
	return "arn:aws:iam::" + a.Account + ":" + resource
}

// wantAnswer checks that err is the row's answer.
func wantAnswer(t *testing.T, err error, r Authz) {
	t.Helper()
	if r.Code == "" {
		if err != nil {
			t.Fatalf("allowed call refused: %v", err)
		}
		return
	}
	stacktest.WantError(t, err, r.Code, r.Message)
}
