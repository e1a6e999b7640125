// Package opcheck checks operation tables (package op) against the AWS Service Authorization
// Reference (package catalog/authref): every action an operation is authorized as exists, and
// every condition key it adds is one the reference defines for that action, for one of the
// action's resource types, or globally. Services run it in a test, so a row cannot claim an
// action or key AWS does not have.
//
// It is a package of its own so that op, which runs in every request, does not carry the
// catalog.
package opcheck

import (
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/op"
)

// Catalog returns one error per action or condition key of t that the reference c lacks.
func Catalog(c *authref.Catalog, t op.Table) []error {
	var errs []error
	globals := map[string]bool{}
	for _, k := range c.GlobalConditionKeys() {
		globals[strings.ToLower(k.Name)] = true
	}
	for _, info := range t.Infos() {
		a, ok := c.Action(info.Action)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: action %s is not in the Service Authorization Reference", info.Name, info.Action))
			continue
		}
		for _, also := range info.Also {
			if _, ok := c.Action(also); !ok {
				errs = append(errs, fmt.Errorf("%s: further action %s is not in the Service Authorization Reference", info.Name, also))
			}
		}
		for _, k := range info.Keys {
			if !globals[strings.ToLower(k)] && !supports(a, k) {
				errs = append(errs, fmt.Errorf("%s: condition key %s is neither global nor one %s supports", info.Name, k, info.Action))
			}
		}
	}
	return errs
}

// supports reports whether the action, or one of its resource types, lists the key.
func supports(a *authref.ActionInfo, key string) bool {
	has := func(keys []string) bool {
		for _, k := range keys {
			if strings.EqualFold(k, key) {
				return true
			}
		}
		return false
	}
	if has(a.ConditionKeys) {
		return true
	}
	for _, r := range a.Resources {
		if has(r.ConditionKeys) || has(r.Type.ConditionKeys) {
			return true
		}
	}
	return false
}
