package authref

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// AccessLevel is the Service Authorization Reference's classification of an action.
type AccessLevel string

const (
	AccessList                  AccessLevel = "List"
	AccessRead                  AccessLevel = "Read"
	AccessWrite                 AccessLevel = "Write"
	AccessPermissionsManagement AccessLevel = "Permissions management"
	AccessTagging               AccessLevel = "Tagging"
)

// Valid reports whether l is one of the five access levels.
func (l AccessLevel) Valid() bool {
	switch l {
	case AccessList, AccessRead, AccessWrite, AccessPermissionsManagement, AccessTagging:
		return true
	}
	return false
}

// KeyType is the type of a condition key's values, which decides the condition operators that
// make sense for it (IAM User Guide, "IAM JSON policy elements: Condition operators").
type KeyType string

const (
	TypeString           KeyType = "String"
	TypeArrayOfString    KeyType = "ArrayOfString"
	TypeNumeric          KeyType = "Numeric"
	TypeArrayOfNumeric   KeyType = "ArrayOfNumeric"
	TypeDate             KeyType = "Date"
	TypeArrayOfDate      KeyType = "ArrayOfDate"
	TypeBool             KeyType = "Bool"
	TypeArrayOfBool      KeyType = "ArrayOfBool"
	TypeARN              KeyType = "ARN"
	TypeArrayOfARN       KeyType = "ArrayOfARN"
	TypeIPAddress        KeyType = "IPAddress"
	TypeArrayOfIPAddress KeyType = "ArrayOfIPAddress"
	TypeBinary           KeyType = "Binary"
	TypeArrayOfBinary    KeyType = "ArrayOfBinary"
)

// Valid reports whether t is one of the types above.
func (t KeyType) Valid() bool {
	switch t.Elem() {
	case TypeString, TypeNumeric, TypeDate, TypeBool, TypeARN, TypeIPAddress, TypeBinary:
		return true
	}
	return false
}

// IsArray reports whether the key is multivalued (it needs ForAllValues/ForAnyValue).
func (t KeyType) IsArray() bool { return strings.HasPrefix(string(t), "ArrayOf") }

// Elem is the type of one value: ArrayOfString's is String; a scalar type's is itself.
func (t KeyType) Elem() KeyType { return KeyType(strings.TrimPrefix(string(t), "ArrayOf")) }

// ServiceInfo is one service prefix ("iam", "s3", …) and what it defines. Like everything the
// catalog returns, it is shared and must not be modified.
type ServiceInfo struct {
	// Prefix is the service prefix used in actions and condition keys.
	Prefix string
	// Name is the service's name, e.g. "AWS Identity and Access Management (IAM)".
	Name string
	// SupportsRCP reports whether resource control policies apply to the service.
	SupportsRCP bool
	// Actions, ResourceTypes and ConditionKeys are sorted by name.
	Actions       []*ActionInfo
	ResourceTypes []*ResourceType
	ConditionKeys []*ConditionKeyInfo
}

// ResourceType returns the resource type with exactly this name ("user", "object").
func (s *ServiceInfo) ResourceType(name string) (*ResourceType, bool) {
	i := sort.Search(len(s.ResourceTypes), func(i int) bool { return s.ResourceTypes[i].Name >= name })
	if i < len(s.ResourceTypes) && s.ResourceTypes[i].Name == name {
		return s.ResourceTypes[i], true
	}
	return nil, false
}

// MatchResourceType returns the service's resource type whose ARN format matches arn, the
// most specific (most literal characters) when several do: an S3 ARN with a "/" is an
// object, not a bucket.
func (s *ServiceInfo) MatchResourceType(arn string) (*ResourceType, bool) {
	return bestMatch(s.ResourceTypes, arn)
}

// ActionInfo is one action of a service.
type ActionInfo struct {
	// Service is the service prefix, Name the action with AWS's capitalization: "iam" and
	// "CreateUser". String returns "iam:CreateUser".
	Service, Name string
	Description   string
	AccessLevel   AccessLevel
	// Resources are the resource types the action applies to; an action with none (such as
	// iam:ListUsers) is authorized against Resource "*".
	Resources []ActionResource
	// ConditionKeys are the keys the action supports beyond its resource types' own.
	ConditionKeys []string
	// DependentActions are further permissions the action needs. The current source lists
	// none, so this is empty until it does.
	DependentActions []string

	full string
}

// String returns "service:Action".
func (a *ActionInfo) String() string { return a.full }

// ResourceFor returns the action's resource entry whose resource type matches arn.
func (a *ActionInfo) ResourceFor(arn string) (*ActionResource, bool) {
	head, res, ok := splitARN(arn)
	if !ok {
		return nil, false
	}
	best, bestScore := -1, -1
	for i := range a.Resources {
		rt := a.Resources[i].Type
		if rt.pat.literal > bestScore && rt.pat.match(&head, res) {
			best, bestScore = i, rt.pat.literal
		}
	}
	if best < 0 {
		return nil, false
	}
	return &a.Resources[best], true
}

// ActionResource is one resource type an action applies to.
type ActionResource struct {
	Type *ResourceType
	// Required is the reference's asterisk: the action needs a resource of this type
	// (otherwise the type is one it may act on too, as s3:GetObject on access points).
	Required bool
	// ConditionKeys apply only when the request's resource is of this type.
	ConditionKeys    []string
	DependentActions []string
}

// ResourceType is one kind of resource a service defines.
type ResourceType struct {
	Service, Name string
	// ARN is the format, e.g. "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}".
	ARN string
	// ConditionKeys are the keys a request on such a resource supports.
	ConditionKeys []string

	pat arnPattern
}

// Match reports whether arn has this resource type's format. Each ${Variable} matches one or
// more characters; in the partition, service, region and account fields none of them is ':'.
func (r *ResourceType) Match(arn string) bool {
	head, res, ok := splitARN(arn)
	return ok && r.pat.match(&head, res)
}

// ConditionKeyInfo is one condition key.
type ConditionKeyInfo struct {
	// Name is the key with AWS's capitalization; a templated key names its variable, as in
	// "aws:RequestTag/${TagKey}" or "s3:ExistingObjectTag/<key>".
	Name        string
	Type        KeyType
	Description string
	// Category groups the global keys as the IAM User Guide does (principal, session,
	// network, resource, request); it is empty for service keys.
	Category string
}

// Catalog is a decoded Service Authorization Reference. Default is the embedded one.
type Catalog struct {
	source   string
	services []*ServiceInfo
	byPrefix map[string]*ServiceInfo
	actions  map[string]*ActionInfo // by lower-case "service:action"
	globals  []*ConditionKeyInfo

	keys      map[string]*ConditionKeyInfo // by lower-case name
	templates map[string][]keyTemplate     // by lower-case text before ':'
	loose     []keyTemplate                // templates with a variable before ':'
}

// Source names the npm package and version the catalog was generated from.
func (c *Catalog) Source() string { return c.source }

// Services returns every service, sorted by prefix, in a new slice.
func (c *Catalog) Services() []*ServiceInfo { return append([]*ServiceInfo(nil), c.services...) }

// Service returns the service with this prefix ("iam"); prefixes are lower case.
func (c *Catalog) Service(prefix string) (*ServiceInfo, bool) {
	s, ok := c.byPrefix[prefix]
	return s, ok
}

// Action returns the action named "service:Action", in any case ("IAM:createuser" finds
// iam:CreateUser).
func (c *Catalog) Action(name string) (*ActionInfo, bool) {
	var buf [128]byte
	a, ok := c.actions[string(appendLower(buf[:0], name))]
	return a, ok
}

// ResourceTypesFor returns the resource types action applies to (none for an action
// authorized against "*"); ok is false for an unknown action.
func (c *Catalog) ResourceTypesFor(action string) (res []ActionResource, ok bool) {
	a, ok := c.Action(action)
	if !ok {
		return nil, false
	}
	return a.Resources, true
}

// MatchResourceType returns the name of service's resource type whose ARN format matches arn
// (see ServiceInfo.MatchResourceType).
func (c *Catalog) MatchResourceType(service, arn string) (string, bool) {
	s, ok := c.byPrefix[service]
	if !ok {
		return "", false
	}
	rt, ok := s.MatchResourceType(arn)
	if !ok {
		return "", false
	}
	return rt.Name, true
}

// GlobalConditionKeys returns the global condition keys in a new slice.
func (c *Catalog) GlobalConditionKeys() []*ConditionKeyInfo {
	return append([]*ConditionKeyInfo(nil), c.globals...)
}

// ConditionKey finds a condition key by name, in any case. A concrete key that a templated
// one covers finds the template: "aws:RequestTag/CostCenter" finds "aws:RequestTag/${TagKey}",
// "iam:ResourceTag/team" finds "iam:ResourceTag/${TagKey}". Global definitions win over
// service ones for aws: keys; otherwise the service named by the key's prefix wins.
func (c *Catalog) ConditionKey(name string) (*ConditionKeyInfo, bool) {
	var buf [128]byte
	lower := appendLower(buf[:0], name)
	if k, ok := c.keys[string(lower)]; ok {
		return k, true
	}
	prefix := lower
	if i := bytes.IndexByte(lower, ':'); i >= 0 {
		prefix = lower[:i]
	}
	var best *keyTemplate
	for _, list := range [][]keyTemplate{c.templates[string(prefix)], c.loose} {
		for i := range list {
			t := &list[i]
			if (best == nil || t.literal > best.literal) && globMatch(t.pattern, lower) {
				best = t
			}
		}
		if best != nil {
			return best.key, true
		}
	}
	return nil, false
}

// ConditionKeyType returns the type of a condition key (see ConditionKey for templates).
func (c *Catalog) ConditionKeyType(name string) (KeyType, bool) {
	k, ok := c.ConditionKey(name)
	if !ok {
		return "", false
	}
	return k.Type, true
}

// ExpandActions returns the actions an Action element's pattern names, "*" and "?" matching
// as in policies and case ignored: "iam:Get*" gives every iam action starting with Get. The
// result is sorted by service, then name, and is empty for a pattern that names nothing.
func (c *Catalog) ExpandActions(pattern string) []*ActionInfo {
	lower := strings.ToLower(pattern)
	svc, act, ok := strings.Cut(lower, ":")
	if !ok {
		if lower != "*" {
			return nil
		}
		svc, act = "*", "*"
	}
	var out []*ActionInfo
	for _, s := range c.services {
		if !wildMatch(svc, s.Prefix) {
			continue
		}
		for _, a := range s.Actions {
			if wildMatch(act, a.Name) {
				out = append(out, a)
			}
		}
	}
	return out
}

//go:embed authref.bin.gz
var embedded []byte

// Default returns the embedded catalog, decoding it on first call (about 30 ms; a server may
// call it in the background at start to take that off the first request). It panics if the
// embedded data is corrupt, which the package's tests rule out for every build.
func Default() *Catalog { return defaultCatalog() }

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := Decode(embedded)
	if err != nil {
		panic(fmt.Sprintf("authref: embedded catalog: %v", err))
	}
	return c
})

// Service returns a service of the embedded catalog by prefix.
func Service(prefix string) (*ServiceInfo, bool) { return Default().Service(prefix) }

// Services returns every service of the embedded catalog.
func Services() []*ServiceInfo { return Default().Services() }

// Action returns an action of the embedded catalog by "service:Action", in any case.
func Action(name string) (*ActionInfo, bool) { return Default().Action(name) }

// ConditionKey returns a condition key of the embedded catalog, templates applied.
func ConditionKey(name string) (*ConditionKeyInfo, bool) { return Default().ConditionKey(name) }

// ConditionKeyType returns the type of a condition key of the embedded catalog.
func ConditionKeyType(name string) (KeyType, bool) { return Default().ConditionKeyType(name) }

// ResourceTypesFor returns the resource types an action of the embedded catalog applies to.
func ResourceTypesFor(action string) ([]ActionResource, bool) {
	return Default().ResourceTypesFor(action)
}

// MatchResourceType names the resource type of service whose ARN format matches arn.
func MatchResourceType(service, arn string) (string, bool) {
	return Default().MatchResourceType(service, arn)
}

// GlobalConditionKeys returns the global condition keys of the embedded catalog.
func GlobalConditionKeys() []*ConditionKeyInfo { return Default().GlobalConditionKeys() }

// ExpandActions returns the actions of the embedded catalog that pattern names.
func ExpandActions(pattern string) []*ActionInfo { return Default().ExpandActions(pattern) }
