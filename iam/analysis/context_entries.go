package analysis

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// contextFromEntries builds a simulation's request context from its ContextEntries. Each
// entry's ContextKeyType says how its values are read: the List types (stringList,
// numericList, …) make a multi-valued key, which may hold any number of values; the others
// take exactly one. Values must be of their type (a number, true/false, an IP address or CIDR,
// base64, a date), as the condition operators of that type would read them. An entry without a
// type is a string, or a string list when it has several values.
func contextFromEntries(entries []iamwire.ContextEntry) (*policy.Context, *awserr.Error) {
	ctx := policy.NewContext()
	for _, e := range entries {
		name := ""
		if e.ContextKeyName != nil {
			name = *e.ContextKeyName
		}
		if name == "" {
			return nil, iamerr.InvalidContextEntry.Err(`""`, "the entry has no ContextKeyName")
		}
		typ := iamwire.ContextKeyTypeEnumString
		switch {
		case e.ContextKeyType != nil:
			typ = *e.ContextKeyType
		case len(e.ContextKeyValues) > 1:
			typ = iamwire.ContextKeyTypeEnumStringList
		}
		elem, list := strings.CutSuffix(string(typ), "List")
		if !list && len(e.ContextKeyValues) != 1 {
			return nil, iamerr.InvalidContextEntry.Err(name, "a key of type "+string(typ)+" takes exactly one value")
		}
		for _, v := range e.ContextKeyValues {
			if !validContextValue(elem, v) {
				return nil, iamerr.InvalidContextEntry.Err(name, strconv.Quote(v)+" is not a valid "+elem+" value")
			}
		}
		if list {
			ctx.SetMulti(name, append([]string(nil), e.ContextKeyValues...))
		} else {
			ctx.Set(name, e.ContextKeyValues[0])
		}
	}
	return ctx, nil
}

// dateLayouts are the ISO 8601 forms the date condition operators accept
// (evaluation-semantics.md §4.2), besides epoch seconds.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

func validContextValue(typ, v string) bool {
	switch typ {
	case "numeric":
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case "boolean":
		return strings.EqualFold(v, "true") || strings.EqualFold(v, "false")
	case "ip":
		if _, err := netip.ParsePrefix(v); err == nil {
			return true
		}
		_, err := netip.ParseAddr(v)
		return err == nil
	case "binary":
		_, err := base64.StdEncoding.DecodeString(v)
		return err == nil
	case "date":
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return true
		}
		for _, l := range dateLayouts {
			if _, err := time.Parse(l, v); err == nil {
				return true
			}
		}
		return false
	}
	return true // string
}
