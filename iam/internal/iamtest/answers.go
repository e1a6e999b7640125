package iamtest

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// Do is a call of op with in, as a table's row makes it when only the call's error counts: in
// is built with the table, op is called when the row runs.
func Do[In, Out, O any](op Op[In, Out, O], in *In) func() error {
	return func() error {
		_, err := op(context.Background(), in)
		return err
	}
}

// Answer is one row of a table of calls, of any operations, and what AWS answers them: an
// empty Code means the call succeeds; otherwise it fails with Code and Message ("" for any
// message). An alias of an unnamed struct, so tables list their rows positionally.
type Answer = struct {
	Name    string
	Call    func() error
	Code    string
	Message string
}

// Answers makes each row's call, as a subtest, and checks AWS's answer.
func Answers(t *testing.T, rows []Answer) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.Name, func(t *testing.T) {
			err := r.Call()
			if r.Code == "" {
				if err != nil {
					t.Fatalf("call refused: %v", err)
				}
				return
			}
			stacktest.WantError(t, err, r.Code, r.Message)
		})
	}
}
