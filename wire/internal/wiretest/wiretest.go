package wiretest

import (
	"encoding/base64"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Base is the first timestamp Fill uses; later ones are whole seconds after it.
var Base = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

var timeType = reflect.TypeOf(time.Time{})

// skipped names SDK fields that are not model members.
func skipped(f reflect.StructField) bool {
	return !f.IsExported() || f.Name == "ResultMetadata"
}

// unions maps an SDK union interface type to its member types, registered by Union.
var unions sync.Map

// Union registers the member types of an SDK union interface T (aws-sdk-go-v2 represents a model union as
// an interface implemented by one pointer type per member, types.<Union>Member<Name>{Value: …}). Fill
// sets a union to each of its members in turn; Normalize renders one as {"<Name>": value}, the form a
// generated union (a struct of optional members, one set) normalizes to.
func Union[T any](members ...T) {
	types := make([]reflect.Type, len(members))
	for i, m := range members {
		types[i] = reflect.TypeOf(m)
	}
	unions.Store(reflect.TypeFor[T](), types)
}

// Fill sets every member reachable from ptr (a pointer to a struct) to a distinct value: strings name
// their field and a counter, numbers count, booleans are true, lists get two elements and maps two entries.
// A union (a generated type with a UnionMember method, or an SDK union interface registered with Union)
// gets one member set.
// The same type always gets the same values.
func Fill(ptr any) {
	n := 0
	fill(reflect.ValueOf(ptr).Elem(), "v", &n, 0)
}

func fill(v reflect.Value, name string, n *int, depth int) {
	if depth > 12 {
		return
	}
	*n++
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(Base.Add(time.Duration(*n) * time.Second)))
		return
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		v.SetBytes([]byte(fmt.Sprintf("blob-%d", *n)))
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		if ms, ok := unions.Load(v.Type()); ok {
			members := ms.([]reflect.Type)
			m := reflect.New(members[*n%len(members)].Elem())
			fill(m.Elem(), name, n, depth+1)
			v.Set(m)
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), name, n, depth+1)
		v.Set(p)
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", name, *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			fill(s.Index(i), name, n, depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := 0; i < 2; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			fill(k, "key", n, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, name, n, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if _, union := v.Addr().Type().MethodByName("UnionMember"); union {
			// A generated union: exactly one member set, each in turn.
			i := *n % v.NumField()
			fill(v.Field(i), v.Type().Field(i).Name, n, depth+1)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); !skipped(f) {
				fill(v.Field(i), f.Name, n, depth+1)
			}
		}
	}
}

// Normalize turns a generated or SDK value into plain maps, slices and scalars: structures become maps of
// their members, absent members (nil pointers, nil or empty lists and maps) disappear, named string types
// become strings (an enum's empty value disappears, as the SDKs' enums are not pointers), numbers int64,
// timestamps RFC 3339 strings in UTC and blobs base64.
func Normalize(v any) any {
	out, _ := normalize(reflect.ValueOf(v))
	return out
}

func normalize(v reflect.Value) (any, bool) {
	if !v.IsValid() {
		return nil, false
	}
	switch {
	case v.Type() == timeType:
		return v.Interface().(time.Time).UTC().Format(time.RFC3339Nano), true
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		if v.Len() == 0 {
			return nil, false
		}
		return base64.StdEncoding.EncodeToString(v.Bytes()), true
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		if name, value, ok := unionMember(v.Elem()); ok {
			x, _ := normalize(value)
			return map[string]any{name: x}, true
		}
		return normalize(v.Elem())
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return normalize(v.Elem())
	case reflect.String:
		if v.String() == "" && v.Type().Name() != "string" {
			return nil, false // an enum's zero value: the SDKs' enums are not pointers, so "" means absent
		}
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	case reflect.Slice:
		if v.Len() == 0 {
			return nil, false
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i], _ = normalize(v.Index(i))
		}
		return out, true
	case reflect.Map:
		if v.Len() == 0 {
			return nil, false
		}
		out := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			out[fmt.Sprint(iter.Key().Interface())], _ = normalize(iter.Value())
		}
		return out, true
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if skipped(f) {
				continue
			}
			if x, ok := normalize(v.Field(i)); ok {
				out[f.Name] = x
			}
		}
		return out, true
	}
	return fmt.Sprintf("unsupported %s", v.Type()), true
}

// unionMember recognises an SDK union member (a pointer to types.<Union>Member<Name>{Value: …}) and returns
// the member's name and value.
func unionMember(v reflect.Value) (string, reflect.Value, bool) {
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return "", reflect.Value{}, false
	}
	s := v.Elem()
	_, name, ok := strings.Cut(s.Type().Name(), "Member")
	f := s.FieldByName("Value")
	if !ok || name == "" || !f.IsValid() {
		return "", reflect.Value{}, false
	}
	return name, f, true
}
