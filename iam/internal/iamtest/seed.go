package iamtest

import (
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Seed stores n entities straight into the stack's store, in one write transaction, for
// quotas and long listings that would take thousands of requests: create stores the entity
// named name (prefix0000, prefix0001, …) with id, a new unique ID of idPrefix (arn.PrefixRole,
// …). It fails the test at once on an error.
func Seed(t testing.TB, s *stacktest.Stack, n int, idPrefix, prefix string, create func(tx store.Tx, id, name string) error) {
	t.Helper()
	err := s.Store().Update(t.Context(), func(tx store.Tx) error {
		for i := range n {
			id, err := arn.NewUniqueID(rand.Reader, idPrefix)
			if err != nil {
				return err
			}
			if err := create(tx, id, fmt.Sprintf("%s%04d", prefix, i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding %d entities %s…: %v", n, prefix, err)
	}
}
