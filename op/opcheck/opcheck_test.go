package opcheck_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/op/opcheck"
)

type host struct{}

func (host) Authorizer() op.Authorizer { return nil }

type in struct{}

func row(name, action string, also []string, keys ...string) op.Row {
	return &op.Op[host, in, in, op.None]{Name: name, Action: action, Also: also,
		Resolve: op.Resolver[host, in, op.None]{Keys: keys},
		Handle:  func(host, context.Context, *op.Request[in, op.None]) (*in, error) { return nil, nil }}
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	good := op.Table{
		row("TagUser", "iam:TagUser", nil, op.RequestTag, op.TagKeys, op.ResourceTag, "iam:ResourceTag/${TagKey}"),
		row("CreateUser", "iam:CreateUser", nil, "iam:PermissionsBoundary"),
		row("AssumeRole", "sts:AssumeRole", []string{"sts:TagSession"}, "sts:ExternalId", "aws:MultiFactorAuthAge"),
	}
	if errs := opcheck.Catalog(authref.Default(), good); len(errs) != 0 {
		t.Errorf("valid rows: %v", errs)
	}
	bad := op.Table{
		row("MakeUser", "iam:MakeUser", nil),
		row("TagUser", "iam:TagUser", []string{"iam:Bless"}, "iam:ResourceColor"),
		row("ListUsers", "iam:ListUsers", nil, "sts:ExternalId"),
	}
	errs := opcheck.Catalog(authref.Default(), bad)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"iam:MakeUser", "iam:Bless", "iam:ResourceColor", "sts:ExternalId"} {
		if !strings.Contains(got, want) {
			t.Errorf("no error names %s:\n%s", want, got)
		}
	}
}
