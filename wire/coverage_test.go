package wire_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/wire"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

var toy = &wire.Service{
	ID: "TOY", FullName: "Toy Service", APIVersion: "2020-01-01",
	Operations: []wire.Operation{
		{Name: "CreateThing", Doc: "Creates a thing | with a pipe."},
		{Name: "ListThings", Doc: "Lists things.", Pagination: &wire.Pagination{InputToken: "Marker"}},
	},
}

func TestWriteCoverage(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := wire.WriteCoverage(&b, wire.Coverage{Service: toy, Implemented: []string{"ListThings"},
		Note: "Things are\n  kept, never made."}); err != nil {
		t.Fatal(err)
	}
	want := "# API coverage\n\n" +
		"Generated from the pinned AWS service models (`wire/models`) and each service's operations table; do not edit by hand. " +
		"An operation is *implemented* only when its handler is real; the rest answer `NotImplemented` (HTTP 501).\n\n" +
		"| Service | API version | Operations | Implemented |\n|---|---|---:|---:|\n" +
		"| TOY | 2020-01-01 | 2 | 1 |\n" +
		"\n## TOY — Toy Service (2020-01-01)\n\n" +
		"Things are kept, never made.\n\n" +
		"| Operation | Status | Paginated | Description |\n|---|---|---|---|\n" +
		"| CreateThing | not implemented |  | Creates a thing \\| with a pipe. |\n" +
		"| ListThings | implemented | yes | Lists things. |\n"
	if got := b.String(); got != want {
		t.Errorf("coverage:\n got %q\nwant %q", got, want)
	}
}

func TestWriteCoverageRejectsUnknownOperations(t *testing.T) {
	t.Parallel()
	err := wire.WriteCoverage(&bytes.Buffer{}, wire.Coverage{Service: toy, Implemented: []string{"DeleteThing"}})
	if err == nil || !strings.Contains(err.Error(), `"DeleteThing"`) {
		t.Errorf("err = %v, want one naming DeleteThing", err)
	}
}

// TestCoverageOfTheRealModels writes the report for IAM and STS: every model operation appears once.
func TestCoverageOfTheRealModels(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	err := wire.WriteCoverage(&b,
		wire.Coverage{Service: iamwire.Service, Implemented: []string{"CreateUser", "GetUser"}},
		wire.Coverage{Service: stswire.Service, Implemented: []string{"GetCallerIdentity"}})
	if err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if n := strings.Count(doc, "| implemented |"); n != 3 {
		t.Errorf("%d implemented rows, want 3", n)
	}
	rows := strings.Count(doc, " | not implemented | ") + strings.Count(doc, " | implemented | ")
	if want := len(iamwire.Service.Operations) + len(stswire.Service.Operations); rows != want {
		t.Errorf("%d operation rows, want %d", rows, want)
	}
	if !strings.Contains(doc, "| IAM | 2010-05-08 | 176 | 2 |") {
		t.Errorf("summary row missing:\n%s", doc[:400])
	}
}

func TestServiceOperation(t *testing.T) {
	t.Parallel()
	if op, ok := toy.Operation("ListThings"); !ok || op.Name != "ListThings" {
		t.Errorf("Operation(ListThings) = %v, %v", op, ok)
	}
	if _, ok := toy.Operation("Nope"); ok {
		t.Error("Operation(Nope) found something")
	}
}
