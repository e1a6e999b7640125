package policies

import (
	"slices"
	"strings"
	"sync"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// catalogByID is the AWS managed policies in policy-ID order, the order in which IAM's
// ListPolicies answers (AWS's listings run ANPAI23HZ27SI6FQMGNQ2, ANPAI2D5NJKMU274MET4E, …).
// Sorted once, on first use.
var catalogByID = sync.OnceValue(func() []*managed.Policy {
	all := managed.All()
	slices.SortFunc(all, func(a, b *managed.Policy) int { return strings.Compare(a.ID, b.ID) })
	return all
})

// catalogAfter is the AWS managed policies whose IDs follow after, in ID order.
func catalogAfter(after string) []*managed.Policy {
	all := catalogByID()
	i, _ := slices.BinarySearchFunc(all, after, func(p *managed.Policy, id string) int {
		if p.ID <= id {
			return -1
		}
		return 1
	})
	return all[i:]
}
