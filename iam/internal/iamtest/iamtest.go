// Package iamtest is the IAM families' shared test harness: a stack with its root user's
// client, the entities most tests start from, AWS's refusal messages, and table runners that
// call an operation as a given caller and check what AWS answers (allowed, or AccessDenied
// with AWS's message). Everything runs against a real stack (stacktest): real SigV4, the real
// store and the aws-sdk-go-v2 client.
package iamtest

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// Created is the time the tests that check dates set their stack's clock to (or just before:
// AWS answers dates to the second).
var Created = time.Date(2026, 3, 1, 12, 30, 45, 0, time.UTC)

// AllowAll is an identity policy allowing everything.
const AllowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// Root starts a stack and returns it with an IAM client of its root user.
func Root(t testing.TB, opts ...stacktest.Option) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	s := stacktest.New(t, opts...)
	return s, s.IAM(s.Root())
}

// RootAt is Root with the stack's clock at Created plus d (under a second, to check that AWS's
// dates are cut to the second).
func RootAt(t testing.TB, d time.Duration) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	return Root(t, stacktest.WithClock(stacktest.NewClock(Created.Add(d))))
}

// Denied is AWS's implicit-deny message: no identity-based policy allows action on resource.
func Denied(caller, action, resource string) string {
	return DeniedBecause(caller, action, resource, "because no identity-based policy allows the "+action+" action")
}

// DeniedBecause is AWS's AccessDenied message for a refusal with the reason given ("because
// no permissions boundary allows the … action", "with an explicit deny in …").
func DeniedBecause(caller, action, resource, reason string) string {
	return "User: " + caller + " is not authorized to perform: " + action + " on resource: " + resource + " " + reason
}

// MustCreateUser creates a user at path "/" and returns it.
func MustCreateUser(t testing.TB, c *awsiam.Client, name string) *types.User {
	t.Helper()
	out, err := c.CreateUser(t.Context(), &awsiam.CreateUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
	return out.User
}

// MustCreateGroup creates a group at path ("" for "/") and returns it.
func MustCreateGroup(t testing.TB, c *awsiam.Client, name, path string) *types.Group {
	t.Helper()
	in := &awsiam.CreateGroupInput{GroupName: aws.String(name)}
	if path != "" {
		in.Path = aws.String(path)
	}
	out, err := c.CreateGroup(t.Context(), in)
	if err != nil {
		t.Fatalf("CreateGroup %s: %v", name, err)
	}
	return out.Group
}

// MustCreateRole creates a role with trust policy trust and returns it.
func MustCreateRole(t testing.TB, c *awsiam.Client, name, trust string) *types.Role {
	t.Helper()
	out, err := c.CreateRole(t.Context(), &awsiam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
	return out.Role
}

// Call is one row of an enforcement table: an operation called as the table's caller, and
// what AWS answers. An empty Resource means the call is allowed; otherwise it is refused with
// AccessDenied and the implicit-deny message for Action on the caller's account's Resource
// ("user/frank", "group/eng/developers"). An alias of an unnamed struct, so tables list their
// rows positionally.
type Call = struct {
	Name     string
	Do       func() error
	Action   string
	Resource string
}

// Enforce runs calls as the caller whose ARN is caller, in account, each as a subtest.
func Enforce(t *testing.T, caller, account string, calls []Call) {
	t.Helper()
	for _, c := range calls {
		t.Run(c.Name, func(t *testing.T) {
			err := c.Do()
			if c.Resource == "" {
				if err != nil {
					t.Fatalf("allowed call refused: %v", err)
				}
				return
			}
			stacktest.WantError(t, err, "AccessDenied", Denied(caller, c.Action, "arn:aws:iam::"+account+":"+c.Resource))
		})
	}
}

// Op is an AWS SDK client method (root.CreateUser, …), as the runners below call it; O is
// the client's options type.
type Op[In, Out, O any] func(context.Context, *In, ...func(O)) (*Out, error)

// Must calls op with in and returns its answer, failing the test at once on an error.
func Must[In, Out, O any](t testing.TB, op Op[In, Out, O], in *In) *Out {
	t.Helper()
	out, err := op(t.Context(), in)
	if err != nil {
		t.Fatalf("%s: %v", opName(op), err)
	}
	return out
}

// Refused calls op with in and checks that AWS refuses it with code and message ("" for any
// message).
func Refused[In, Out, O any](t *testing.T, op Op[In, Out, O], in *In, code, message string) {
	t.Helper()
	_, err := op(t.Context(), in)
	stacktest.WantError(t, err, code, message)
}

// opName is the name of the client method op ("CreateUser").
func opName[In, Out, O any](op Op[In, Out, O]) string {
	name := runtime.FuncForPC(reflect.ValueOf(op).Pointer()).Name()
	name = strings.TrimSuffix(name, "-fm")
	return name[strings.LastIndexByte(name, '.')+1:]
}

// Reject is one row of a table of requests AWS refuses: the input, and the error code and
// message ("" for any message) AWS answers. An alias of an unnamed struct, so tables list their
// rows positionally.
type Reject[In any] = struct {
	Name    string
	In      *In
	Code    string
	Message string
}

// Rejects calls op with each row's input, as a subtest, and checks AWS's refusal.
func Rejects[In, Out, O any](t *testing.T, op Op[In, Out, O], rows []Reject[In]) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.Name, func(t *testing.T) {
			_, err := op(t.Context(), r.In)
			stacktest.WantError(t, err, r.Code, r.Message)
		})
	}
}

// Paging is one row of a listing's paging table: the PathPrefix (nil for none) and MaxItems
// asked for, and the names each page must hold, in order. An alias of an unnamed struct, so
// tables list their rows positionally.
type Paging = struct {
	Name     string
	Prefix   *string
	MaxItems int32
	Pages    [][]string
}

// Page is one page of a listing: its entities' names, IsTruncated and Marker.
type Page struct {
	Names     []string
	Truncated bool
	Marker    *string
}

// Pages walks a listing page by page for each row, as a subtest, following the Marker of each
// page: every page must hold the row's names, and every page but the last must be truncated
// with a marker, the last neither. list reads one page.
func Pages(t *testing.T, rows []Paging, list func(prefix *string, maxItems int32, marker *string) (Page, error)) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.Name, func(t *testing.T) {
			var marker *string
			for i, want := range r.Pages {
				p, err := list(r.Prefix, r.MaxItems, marker)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, p.Names); diff != "" {
					t.Errorf("page %d (-want +got):\n%s", i, diff)
				}
				last := i == len(r.Pages)-1
				if p.Truncated != !last || (p.Marker == nil) != last {
					t.Errorf("page %d: IsTruncated %v, Marker %v", i, p.Truncated, p.Marker)
				}
				marker = p.Marker
			}
		})
	}
}
