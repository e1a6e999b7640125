package iamtest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
)

// Input is a request of type In with the members kv names set (name, value pairs): a value of
// the member's type is set as it is, a value of the type a pointer member points to (a string
// for a *string, an int32 for a *int32) is set through a new pointer. For tables that drive the
// like operations of several kinds (PutGroupPolicy, PutRolePolicy) alike.
func Input[In any](kv ...any) *In {
	in := new(In)
	v := reflect.ValueOf(in).Elem()
	for i := 0; i+1 < len(kv); i += 2 {
		f := v.FieldByName(kv[i].(string))
		if !f.IsValid() {
			panic(fmt.Sprintf("%T has no member %s", *in, kv[i]))
		}
		x := reflect.ValueOf(kv[i+1])
		if !x.IsValid() {
			continue // an untyped nil leaves the member unset
		}
		if f.Kind() == reflect.Pointer && x.Type() == f.Type().Elem() {
			p := reflect.New(x.Type())
			p.Elem().Set(x)
			x = p
		}
		f.Set(x)
	}
	return in
}

// Output is an operation's output read by member name.
type Output struct{ v reflect.Value }

// Get is the answer's member name; it panics when the answer has none.
func (a Output) Get(name string) any {
	f := a.v.FieldByName(name)
	if !f.IsValid() {
		panic(fmt.Sprintf("%s has no member %s", a.v.Type(), name))
	}
	return f.Interface()
}

// ClientOp is an IAM client method as a method expression ((*awsiam.Client).PutRolePolicy).
type ClientOp[In, Out any] func(*awsiam.Client, context.Context, *In, ...func(*awsiam.Options)) (*Out, error)

// AnyOp is an operation called with the request Input makes of kv, answering untyped.
type AnyOp func(ctx context.Context, c *awsiam.Client, kv ...any) (Output, error)

// Untyped is op as an AnyOp.
func Untyped[In, Out any](op ClientOp[In, Out]) AnyOp {
	return func(ctx context.Context, c *awsiam.Client, kv ...any) (Output, error) {
		out, err := op(c, ctx, Input[In](kv...))
		if err != nil {
			return Output{}, err
		}
		return Output{reflect.ValueOf(out).Elem()}, nil
	}
}

// Listed checks that a listing holds want entities when, as what says, some have been
// refused ("after failed creates"): none of the refused requests left one behind. The
// entities are the answer's one list member (Users, SAMLProviderList, …).
func Listed[In, Out, O any](t *testing.T, what string, list Op[In, Out, O], in *In, want int) {
	t.Helper()
	v := reflect.ValueOf(Must(t, list, in)).Elem()
	if n := listMember(t, v).Len(); n != want {
		t.Errorf("%s %s: %d entities, want %d", opName(list), what, n, want)
	}
}

// All walks a listing to its end, following each page's Marker (set on in, which it changes),
// and returns the entities of every page (the answer's one list member) in order. Every page
// holds at most the request's MaxItems; every page but the last is truncated with a Marker,
// the last has neither.
func All[T, In, Out, O any](t *testing.T, list Op[In, Out, O], in *In) []T {
	t.Helper()
	req := reflect.ValueOf(in).Elem()
	var all []T
	for page := 0; ; page++ {
		if page == 1000 {
			t.Fatalf("%s: more than 1000 pages", opName(list))
		}
		out := reflect.ValueOf(Must(t, list, in)).Elem()
		items := listMember(t, out).Interface().([]T)
		if max, ok := req.FieldByName("MaxItems").Interface().(*int32); ok && max != nil && len(items) > int(*max) {
			t.Errorf("%s page %d: %d entities, more than MaxItems %d", opName(list), page, len(items), *max)
		}
		all = append(all, items...)
		marker := out.FieldByName("Marker").Interface().(*string)
		if !out.FieldByName("IsTruncated").Bool() {
			if marker != nil {
				t.Errorf("%s page %d: a Marker on the last page", opName(list), page)
			}
			return all
		}
		if marker == nil {
			t.Fatalf("%s page %d: truncated without a Marker", opName(list), page)
		}
		req.FieldByName("Marker").Set(reflect.ValueOf(marker))
	}
}

// listMember is the list member of an answer (its first slice member).
func listMember(t *testing.T, out reflect.Value) reflect.Value {
	t.Helper()
	for i := range out.NumField() {
		if f := out.Field(i); f.Kind() == reflect.Slice {
			return f
		}
	}
	t.Fatalf("%s has no list member", out.Type())
	return reflect.Value{}
}
