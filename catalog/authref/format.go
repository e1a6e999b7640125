package authref

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
)

// Magic begins authref.bin, written by catalog/internal/gen (keep the two in step). After it:
//
//	source string; string table
//	totals: services, actions, resource types, condition keys, action resources, name lists
//	globals: count, then per key: name, type, category, description (table refs)
//	per service, sorted by prefix: prefix, name (refs), supports-RCP (bool),
//	  condition keys: count, then name, type, description (refs), sorted by name
//	  resource types: count, then name, ARN format (refs), key list, sorted by name
//	  actions: count, then "service:Action", description, access level (refs),
//	    resources: count, then resource type index in the service, required (bool),
//	      key list, dependent-action list; then key list, dependent-action list
//
// A list is a count followed by table refs.
const Magic = "gatehouse/authref/v1\n"

// maxDecompressed caps what Decode inflates; the embedded reference is about 3 MB.
const maxDecompressed = 128 << 20

// Decode builds a catalog from the gzip file the generator writes, with its lookup maps.
func Decode(gz []byte) (*Catalog, error) {
	raw, err := pack.Decompress(gz, maxDecompressed)
	if err != nil {
		return nil, fmt.Errorf("authref: %w", err)
	}
	return decode(raw)
}

// decode reads an uncompressed authref.bin.
func decode(raw string) (*Catalog, error) {
	d := &decoder{r: pack.NewReader(raw)}
	c := d.catalog()
	if err := d.r.End(); err != nil {
		return nil, fmt.Errorf("authref: %w", err)
	}
	c.index()
	return c, nil
}

type decoder struct {
	r     *pack.Reader
	table []string

	// Arenas, sized by the totals, that the records are carved from.
	services  []ServiceInfo
	actions   []ActionInfo
	rtypes    []ResourceType
	keys      []ConditionKeyInfo
	resources []ActionResource
	names     []string
	ptrs      []*ActionInfo
	rtPtrs    []*ResourceType
	keyPtrs   []*ConditionKeyInfo
}

// take carves n elements off the front of an arena, failing when the totals were too small.
func take[T any](d *decoder, arena *[]T, n int) []T {
	if n > len(*arena) {
		d.r.Fail("more records than the totals declare")
		return nil
	}
	s := (*arena)[:n:n]
	*arena = (*arena)[n:]
	return s
}

func (d *decoder) catalog() *Catalog {
	r := d.r
	r.Magic(Magic)
	c := &Catalog{source: r.String()}
	d.table = r.Table()
	nServices, nActions, nTypes, nKeys, nRes, nNames := r.Count(3), r.Count(3), r.Count(3), r.Count(3), r.Count(3), r.Count(1)
	if r.Err() != nil {
		return c
	}
	d.services = make([]ServiceInfo, nServices)
	d.actions = make([]ActionInfo, nActions)
	d.ptrs = make([]*ActionInfo, nActions)
	d.rtypes = make([]ResourceType, nTypes)
	d.rtPtrs = make([]*ResourceType, nTypes)
	d.keys = make([]ConditionKeyInfo, nKeys)
	d.keyPtrs = make([]*ConditionKeyInfo, nKeys)
	d.resources = make([]ActionResource, nRes)
	d.names = make([]string, nNames)

	c.globals = d.keyList(true)
	for i := range d.services {
		s := &d.services[i]
		s.Prefix = r.Ref(d.table)
		s.Name = r.Ref(d.table)
		s.SupportsRCP = r.Bool()
		s.ConditionKeys = d.keyList(false)
		d.resourceTypes(s)
		d.actionList(s)
		if r.Err() != nil {
			return c
		}
		if i > 0 && d.services[i-1].Prefix >= s.Prefix {
			r.Fail("service %q out of order", s.Prefix)
			return c
		}
		c.services = append(c.services, s)
	}
	if len(d.actions)+len(d.rtypes)+len(d.keys)+len(d.resources)+len(d.names) != 0 {
		r.Fail("fewer records than the totals declare")
	}
	return c
}

func (d *decoder) keyList(global bool) []*ConditionKeyInfo {
	r := d.r
	n := r.Count(3)
	keys := take(d, &d.keys, n)
	ptrs := take(d, &d.keyPtrs, n)
	for i := range keys {
		k := &keys[i]
		k.Name = r.Ref(d.table)
		k.Type = KeyType(r.Ref(d.table))
		if global {
			k.Category = r.Ref(d.table)
		}
		k.Description = r.Ref(d.table)
		if r.Err() == nil && !k.Type.Valid() {
			r.Fail("condition key %q has unknown type %q", k.Name, k.Type)
		}
		ptrs[i] = k
	}
	return ptrs
}

func (d *decoder) resourceTypes(s *ServiceInfo) {
	r := d.r
	n := r.Count(3)
	rts := take(d, &d.rtypes, n)
	s.ResourceTypes = take(d, &d.rtPtrs, n)
	for i := range rts {
		rt := &rts[i]
		rt.Service = s.Prefix
		rt.Name = r.Ref(d.table)
		rt.ARN = r.Ref(d.table)
		rt.ConditionKeys = d.nameList()
		rt.pat = compileARN(rt.ARN)
		if r.Err() == nil && i > 0 && rts[i-1].Name >= rt.Name {
			r.Fail("resource type %s:%s out of order", s.Prefix, rt.Name)
		}
		s.ResourceTypes[i] = rt
	}
}

func (d *decoder) actionList(s *ServiceInfo) {
	r := d.r
	n := r.Count(3)
	acts := take(d, &d.actions, n)
	s.Actions = take(d, &d.ptrs, n)
	for i := range acts {
		a := &acts[i]
		a.full = r.Ref(d.table)
		a.Service = s.Prefix
		name, ok := strings.CutPrefix(a.full, s.Prefix+":")
		if r.Err() == nil && (!ok || name == "") {
			r.Fail("action %q is not in service %q", a.full, s.Prefix)
		}
		a.Name = name
		a.Description = r.Ref(d.table)
		a.AccessLevel = AccessLevel(r.Ref(d.table))
		if r.Err() == nil && !a.AccessLevel.Valid() {
			r.Fail("action %s has unknown access level %q", a.full, a.AccessLevel)
		}
		a.Resources = take(d, &d.resources, r.Count(3))
		for j := range a.Resources {
			ar := &a.Resources[j]
			if t := r.Index(len(s.ResourceTypes)); r.Err() == nil {
				ar.Type = s.ResourceTypes[t]
			}
			ar.Required = r.Bool()
			ar.ConditionKeys = d.nameList()
			ar.DependentActions = d.nameList()
		}
		a.ConditionKeys = d.nameList()
		a.DependentActions = d.nameList()
		if r.Err() == nil && i > 0 && !lessFold(acts[i-1].Name, a.Name) {
			r.Fail("action %s out of order", a.full)
		}
		s.Actions[i] = a
	}
}

// ownKey reports whether key is named in service's own namespace, "prefix:…" in any case.
func ownKey(key, prefix string) bool {
	return len(key) > len(prefix) && key[len(prefix)] == ':' && strings.EqualFold(key[:len(prefix)], prefix)
}

// lessFold orders names as the generator sorts actions: by their ASCII-lower-cased form.
func lessFold(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if ca, cb := lowerByte(a[i]), lowerByte(b[i]); ca != cb {
			return ca < cb
		}
	}
	return len(a) < len(b)
}

func (d *decoder) nameList() []string {
	n := d.r.Count(1)
	names := take(d, &d.names, n)
	for i := range names {
		names[i] = d.r.Ref(d.table)
	}
	if n == 0 {
		return nil
	}
	return names
}

// index builds the lookup maps. Condition keys are entered in order of precedence, the first
// definition of a name winning: global keys; each service's own keys (prefix = service);
// then keys services borrow from others, in service order.
func (c *Catalog) index() {
	c.byPrefix = make(map[string]*ServiceInfo, len(c.services))
	n := 0
	for _, s := range c.services {
		c.byPrefix[s.Prefix] = s
		n += len(s.Actions)
	}
	c.actions = make(map[string]*ActionInfo, n)
	// The keys are slices of one lower-cased copy of all the names: one allocation, not 20,000.
	size := 0
	for _, s := range c.services {
		for _, a := range s.Actions {
			size += len(a.full)
		}
	}
	buf := make([]byte, 0, size)
	for _, s := range c.services {
		for _, a := range s.Actions {
			buf = appendLower(buf, a.full)
		}
	}
	lower := string(buf)
	for _, s := range c.services {
		for _, a := range s.Actions {
			c.actions[lower[:len(a.full)]] = a
			lower = lower[len(a.full):]
		}
	}

	c.keys = make(map[string]*ConditionKeyInfo)
	add := func(k *ConditionKeyInfo) {
		lower := strings.ToLower(k.Name)
		if _, ok := c.keys[lower]; !ok {
			c.keys[lower] = k
		}
	}
	for _, k := range c.globals {
		add(k)
	}
	for _, own := range []bool{true, false} {
		for _, s := range c.services {
			for _, k := range s.ConditionKeys {
				if ownKey(k.Name, s.Prefix) == own {
					add(k)
				}
			}
		}
	}

	c.templates = make(map[string][]keyTemplate)
	names := make([]string, 0, len(c.keys))
	for name := range c.keys {
		if isTemplate(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		t := keyTemplate{key: c.keys[name]}
		t.pattern = compileTemplate(name, true, &t.literal)
		prefix, _, _ := strings.Cut(name, ":")
		if isTemplate(prefix) {
			c.loose = append(c.loose, t)
		} else {
			c.templates[prefix] = append(c.templates[prefix], t)
		}
	}
}
