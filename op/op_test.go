package op_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
)

// recorder is a decision point that records what it was asked and denies what deny names.
type recorder struct {
	asked []authz.Request
	deny  map[string]bool
}

func (r *recorder) Authorize(_ context.Context, _ *callctx.Call, req authz.Request) error {
	r.asked = append(r.asked, req)
	if r.deny[req.Action] {
		return awserr.AccessDenied("denied " + req.Action)
	}
	return nil
}

// svc is a service with widgets; it logs the steps the operations take.
type svc struct {
	az    *recorder
	steps []string
}

func (s *svc) Authorizer() op.Authorizer { return s.az }

type tagInput struct {
	Name string
	Tags []op.Tag
}

type tagOutput struct{ Done string }

var errNoWidget = errors.New("no such widget")

// tagWidget is a row as a service declares one.
var tagWidget = &op.Op[*svc, tagInput, tagOutput, string]{
	Name:   "TagWidget",
	Action: "widgets:TagWidget",
	Also:   []string{"widgets:PassWidget"},
	Resolve: op.Resolver[*svc, tagInput, string]{Keys: []string{op.ResourceTag},
		Find: func(s *svc, _ context.Context, call *callctx.Call, in *tagInput) (op.Target[string], error) {
			s.steps = append(s.steps, "resolve")
			t := op.Target[string]{ARN: "arn:aws:widgets::" + call.Account() + ":widget/" + in.Name, Entity: in.Name,
				Keys: op.ResourceTagKeys([]op.Tag{{Key: "team", Value: "blue"}}, "aws:ResourceTag")}
			if in.Name == "ghost" {
				t.Missing = errNoWidget
			}
			return t, nil
		}},
	Keys: []op.KeySource[tagInput]{op.RequestTags(func(in *tagInput) []op.Tag { return in.Tags })},
	Handle: func(s *svc, ctx context.Context, r *op.Request[tagInput, string]) (*tagOutput, error) {
		s.steps = append(s.steps, "handle")
		if err := r.AuthorizeAlso(ctx, "widgets:PassWidget"); err != nil {
			return nil, err
		}
		return &tagOutput{Done: r.Entity()}, nil
	},
}

func callCtx() context.Context {
	return callctx.With(context.Background(), &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoot, AccountID: "111122223333"}})
}

func TestRunOrder(t *testing.T) {
	t.Parallel()
	s := &svc{az: &recorder{}}
	out, err := tagWidget.Run(callCtx(), s, &tagInput{Name: "w1", Tags: []op.Tag{{Key: "env", Value: "prod"}}})
	if err != nil || out.Done != "w1" {
		t.Fatalf("Run = %v, %v", out, err)
	}
	if diff := cmp.Diff([]string{"resolve", "handle"}, s.steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	want := []authz.Request{
		{Action: "widgets:TagWidget", Resource: "arn:aws:widgets::111122223333:widget/w1", Keys: []authz.Key{
			authz.StringKey("aws:ResourceTag/team", "blue"), authz.StringKey("aws:RequestTag/env", "prod"),
			authz.ListKey("aws:TagKeys", []string{"env"})}},
		{Action: "widgets:PassWidget", Resource: "arn:aws:widgets::111122223333:widget/w1", Keys: []authz.Key{
			authz.StringKey("aws:ResourceTag/team", "blue"), authz.StringKey("aws:RequestTag/env", "prod"),
			authz.ListKey("aws:TagKeys", []string{"env"})}},
	}
	if diff := cmp.Diff(want, s.az.asked); diff != "" {
		t.Errorf("authorization requests (-want +got):\n%s", diff)
	}
}

// TestDeniedBeforeNotFound: a caller that may not act learns nothing of whether the target
// exists; one that may is told it does not, and the handler never runs.
func TestDeniedBeforeNotFound(t *testing.T) {
	t.Parallel()
	s := &svc{az: &recorder{deny: map[string]bool{"widgets:TagWidget": true}}}
	if _, err := tagWidget.Run(callCtx(), s, &tagInput{Name: "ghost"}); !awserr.Is(err, "AccessDenied") {
		t.Errorf("denied caller: %v, want AccessDenied", err)
	}
	s = &svc{az: &recorder{}}
	if _, err := tagWidget.Run(callCtx(), s, &tagInput{Name: "ghost"}); !errors.Is(err, errNoWidget) {
		t.Errorf("allowed caller: %v, want the not-found error", err)
	}
	if strings.Contains(strings.Join(s.steps, ","), "handle") {
		t.Error("the handler ran for a missing target")
	}
}

func TestUnauthenticated(t *testing.T) {
	t.Parallel()
	_, err := tagWidget.Run(context.Background(), &svc{az: &recorder{}}, &tagInput{Name: "w1"})
	if e := awserr.As(err); e.Code != "InternalFailure" {
		t.Errorf("without a caller: %v, want InternalFailure", err)
	}
}

// TestUndeclared: a condition key or further action a row does not declare is a programming
// error the tables would hide, so Run refuses it.
func TestUndeclared(t *testing.T) {
	t.Parallel()
	bad := *tagWidget
	bad.Keys = []op.KeySource[tagInput]{{Keys: []string{"widgets:Color"}, Of: func(*tagInput) []authz.Key {
		return []authz.Key{authz.StringKey("widgets:Size", "L")}
	}}}
	if _, err := bad.Run(callCtx(), &svc{az: &recorder{}}, &tagInput{Name: "w1"}); !internal(err, "widgets:Size") {
		t.Errorf("undeclared key: %v", err)
	}
	bad = *tagWidget
	bad.Also = nil
	if _, err := bad.Run(callCtx(), &svc{az: &recorder{}}, &tagInput{Name: "w1"}); !internal(err, "PassWidget") {
		t.Errorf("undeclared further action: %v", err)
	}
}

// internal reports whether err is InternalFailure with a cause that mentions what.
func internal(err error, what string) bool {
	e := awserr.As(err)
	return err != nil && e.Code == "InternalFailure" && e.Cause != nil && strings.Contains(e.Cause.Error(), what)
}

func TestNoPermissionAndPublic(t *testing.T) {
	t.Parallel()
	free := *tagWidget
	free.NoPermission, free.Also = true, nil
	free.Handle = func(*svc, context.Context, *op.Request[tagInput, string]) (*tagOutput, error) {
		return &tagOutput{}, nil
	}
	s := &svc{az: &recorder{deny: map[string]bool{"widgets:TagWidget": true}}}
	if _, err := free.Run(callCtx(), s, &tagInput{Name: "w1"}); err != nil || len(s.az.asked) != 0 {
		t.Errorf("NoPermission: %v, asked %v", err, s.az.asked)
	}
	public := free
	public.NoPermission, public.Public = false, true
	public.Resolve = op.Resolver[*svc, tagInput, string]{}
	if _, err := public.Run(context.Background(), s, &tagInput{}); err != nil || len(s.az.asked) != 0 {
		t.Errorf("Public without a caller: %v, asked %v", err, s.az.asked)
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	table := op.Table{tagWidget}
	want := []op.Info{{Name: "TagWidget", Action: "widgets:TagWidget", Also: []string{"widgets:PassWidget"},
		Keys: []string{op.RequestTag, op.ResourceTag, op.TagKeys}}}
	if diff := cmp.Diff(want, table.Infos()); diff != "" {
		t.Errorf("Infos (-want +got):\n%s", diff)
	}
	if err := table.Validate(); err != nil {
		t.Error(err)
	}
	if err := op.Concat(table, table).Validate(); err == nil {
		t.Error("a table with a row twice validated")
	}
}

func TestKeyMatches(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		declared, key string
		want          bool
	}{
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/team", true},
		{"aws:RequestTag/${TagKey}", "AWS:requesttag/Team", true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/", false},
		{"aws:TagKeys", "aws:tagkeys", true},
		{"aws:TagKeys", "aws:TagKeysX", false},
		{"s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/a", true},
	} {
		if got := op.KeyMatches(tc.declared, tc.key); got != tc.want {
			t.Errorf("KeyMatches(%q, %q) = %v, want %v", tc.declared, tc.key, got, tc.want)
		}
	}
}

// TestBind: a table binds each row to the host of its service type and sets it by name; the
// bound function runs the row's one path with that host. A row with no host of its type, or
// refused by set (no such operation, another function type), fails the binding.
func TestBind(t *testing.T) {
	t.Parallel()
	s := &svc{az: &recorder{}}
	var serve func(context.Context, *tagInput) (*tagOutput, error)
	set := func(name string, f any) error {
		g, ok := f.(func(context.Context, *tagInput) (*tagOutput, error))
		if name != "TagWidget" || !ok {
			return errors.New("no field " + name)
		}
		serve = g
		return nil
	}
	if err := (op.Table{tagWidget}).Bind(set, "not a host", s); err != nil {
		t.Fatal(err)
	}
	out, err := serve(callCtx(), &tagInput{Name: "w1"})
	if err != nil || out.Done != "w1" || len(s.az.asked) != 2 {
		t.Fatalf("bound TagWidget = %v, %v; asked %v", out, err, s.az.asked)
	}
	if err := (op.Table{tagWidget}).Bind(set, "not a host"); err == nil || !strings.Contains(err.Error(), "TagWidget") {
		t.Errorf("bound without a host of its type: %v", err)
	}
	renamed := *tagWidget
	renamed.Name = "PaintWidget"
	if err := (op.Table{&renamed}).Bind(set, s); err == nil || !strings.Contains(err.Error(), "PaintWidget") {
		t.Errorf("bound a row set refuses: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustBind did not panic on a row it cannot bind")
		}
	}()
	(op.Table{&renamed}).MustBind(set, s)
}
