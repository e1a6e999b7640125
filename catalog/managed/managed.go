package managed

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// ARNPrefix begins the ARN of every AWS managed policy; the path and name follow it.
const ARNPrefix = "arn:aws:iam::aws:policy"

// ServiceLinkedRolePath is the path of the policies IAM attaches to service-linked roles.
// AWS reports them as attachable, but refuses to attach them to any other role
// (PolicyNotAttachable: "Cannot attach a Service Role Policy to a Customer Role").
const ServiceLinkedRolePath = "/aws-service-role/"

// Policy is one AWS managed policy. Its fields are shared by every caller and must not be
// modified.
type Policy struct {
	// Name is the policy name, e.g. "AdministratorAccess".
	Name string
	// Path is "/" or a path such as "/service-role/", always beginning and ending with "/".
	Path string
	// ARN is ARNPrefix + Path + Name.
	ARN string
	// ID is the policy ID ("ANPA…"). The source carries no IDs, so the generator derives a
	// stable one from the ARN: the same for every Gatehouse, but not the ID AWS shows.
	ID string
	// Description is AWS's description of the policy, "" when the source has none.
	Description string
	// DefaultVersionID is the version in force, e.g. "v12".
	DefaultVersionID string
	// CreateDate is when AWS created the policy; UpdateDate when its default version last
	// changed.
	CreateDate, UpdateDate time.Time
	// IsAttachable is what GetPolicy reports; AWS reports true for its managed policies,
	// service-linked-role policies included (see ServiceLinked for where they may go).
	IsAttachable bool
	// VersionCount is the number of versions the catalog keeps (see Versions).
	VersionCount int
	// Document is the default version's policy document: JSON text, as GetPolicyVersion
	// returns it before URL-encoding.
	Document string

	cat   *Catalog
	index int
}

// ServiceLinked reports whether the policy belongs to service-linked roles (path
// /aws-service-role/), which IAM attaches only to those roles.
func (p *Policy) ServiceLinked() bool { return p.Path == ServiceLinkedRolePath }

// Version describes one retained version of a policy, as ListPolicyVersions lists it.
type Version struct {
	ID         string
	IsDefault  bool
	CreateDate time.Time
}

// Versions lists the versions the catalog keeps, newest first, the default among them. The
// source lacks a few old versions of some policies, so IDs may have gaps.
func (p *Policy) Versions() ([]Version, error) {
	h, err := p.cat.history()
	if err != nil {
		return nil, err
	}
	vs := make([]Version, 0, p.VersionCount)
	vs = append(vs, Version{ID: p.DefaultVersionID, IsDefault: true, CreateDate: p.UpdateDate})
	for _, v := range h[p.index] {
		vs = append(vs, Version{ID: v.id, CreateDate: v.created})
	}
	return vs, nil
}

// VersionDocument returns the document of version id ("v3"); ok is false when the catalog
// does not keep that version. The default version costs nothing; an older one is rebuilt from
// the history on each call.
func (p *Policy) VersionDocument(id string) (doc string, ok bool, err error) {
	if id == p.DefaultVersionID {
		return p.Document, true, nil
	}
	h, err := p.cat.history()
	if err != nil {
		return "", false, err
	}
	chain := h[p.index]
	at := slices.IndexFunc(chain, func(v histVersion) bool { return v.id == id })
	if at < 0 {
		return "", false, nil
	}
	lines := strings.Split(p.Document, "\n")
	for i := 0; i <= at; i++ {
		if lines, err = chain[i].apply(lines); err != nil {
			return "", false, fmt.Errorf("managed: %s version %s: %w", p.Name, chain[i].id, err)
		}
	}
	return strings.Join(lines, "\n"), true, nil
}

// Catalog is a decoded set of AWS managed policies. Default is the embedded one; Decode builds
// others (tests, the generator's round-trip check).
type Catalog struct {
	source   string
	policies []Policy
	sorted   []*Policy
	byARN    map[string]*Policy

	loadHistory func() (string, error)
	historyOnce sync.Once
	historyVal  [][]histVersion
	historyErr  error
}

// Source names the npm package and version the catalog was generated from.
func (c *Catalog) Source() string { return c.source }

// Lookup finds a policy by its exact ARN, e.g. "arn:aws:iam::aws:policy/ReadOnlyAccess".
func (c *Catalog) Lookup(arn string) (*Policy, bool) {
	p, ok := c.byARN[arn]
	return p, ok
}

// All returns every policy sorted by name (byte order), in a new slice the caller may reorder.
func (c *Catalog) All() []*Policy { return slices.Clone(c.sorted) }

// Len is the number of policies.
func (c *Catalog) Len() int { return len(c.policies) }

//go:embed policies.bin.gz
var policiesGz []byte

//go:embed history.bin.gz
var historyGz []byte

// Default returns the embedded catalog, decoding it on first call (about 15 ms; a server may
// call it in the background at start to take that off the first request). It panics if the
// embedded data is corrupt, which the package's tests rule out for every build.
func Default() *Catalog { return defaultCatalog() }

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := Decode(policiesGz, historyGz)
	if err != nil {
		panic(fmt.Sprintf("managed: embedded catalog: %v", err))
	}
	return c
})

// Lookup finds a policy of the embedded catalog by its exact ARN.
func Lookup(arn string) (*Policy, bool) { return Default().Lookup(arn) }

// All returns every policy of the embedded catalog, sorted by name.
func All() []*Policy { return Default().All() }
