package iamtest

import (
	"go/token"

	"github.com/google/go-cmp/cmp"
)

// Diff is cmp.Diff for the AWS SDK's shapes: their unexported fields (the SDK's serde marker)
// are not part of what the service answered, so they are left out of the comparison, as each
// test used to with cmpopts.IgnoreUnexported of the types it compared.
func Diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append(opts, sdkUnexported)...)
}

var sdkUnexported = cmp.FilterPath(func(p cmp.Path) bool {
	f, ok := p.Last().(cmp.StructField)
	return ok && !token.IsExported(f.Name())
}, cmp.Ignore())
