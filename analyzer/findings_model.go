package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// finding is one finding as the store keeps it (store.AnalyzerRecord Body, JSON).
type finding struct {
	ID                   string
	FindingType          string // ExternalAccess, UnusedIAMRole, …
	Resource             string
	ResourceType         string
	ResourceOwnerAccount string
	Principal            map[string]string `json:",omitempty"`
	Action               []string          `json:",omitempty"`
	Condition            map[string]string `json:",omitempty"`
	IsPublic             bool
	Status               string // ACTIVE, ARCHIVED, RESOLVED
	CreatedAt            time.Time
	AnalyzedAt           time.Time
	UpdatedAt            time.Time
	// Unused access details (unused access analyzers), service encoding.
	Unused json.RawMessage `json:",omitempty"`
	// Recommendation is an unused permissions finding's recommendation, once generated.
	Recommendation *recommendation `json:",omitempty"`
}

// The finding statuses.
const (
	statusActive   = "ACTIVE"
	statusArchived = "ARCHIVED"
	statusResolved = "RESOLVED"
)

// findingID is a finding's ID: a UUID-shaped digest of the analyzer and what makes the
// finding, so the same access keeps the same finding across scans.
func findingID(analyzer string, parts ...string) string {
	h := sha256.Sum256([]byte(analyzer + "\x00" + strings.Join(parts, "\x00")))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func findingOf(r store.AnalyzerRecord) (*finding, error) {
	f := &finding{}
	return f, json.Unmarshal(r.Body, f)
}

func (f *finding) record(account, analyzer string) (store.AnalyzerRecord, error) {
	body, err := json.Marshal(f)
	return store.AnalyzerRecord{AccountID: account, Analyzer: analyzer, Name: f.ID, Resource: f.Resource,
		Created: f.CreatedAt, Updated: f.UpdatedAt, Body: body}, err
}

// fields are a finding's values under the filter keys of AWS's "IAM Access Analyzer filter
// keys" (resource, resourceType, principal.AWS, condition.aws:SourceIp, …).
func (f *finding) fields() map[string][]string {
	m := map[string][]string{
		"id": {f.ID}, "resource": {f.Resource}, "resourceType": {f.ResourceType}, "status": {f.Status},
		"resourceOwnerAccount": {f.ResourceOwnerAccount}, "findingType": {f.FindingType},
	}
	if f.FindingType == findingExternal {
		m["isPublic"] = []string{strconv.FormatBool(f.IsPublic)}
		m["action"] = f.Action
	}
	for k, v := range f.Principal {
		m["principal."+k] = []string{v}
	}
	for k, v := range f.Condition {
		m["condition."+k] = []string{v}
	}
	return m
}

// criterion is an archive rule's or a filter's test of one key (the wire Criterion).
type criterion struct {
	Eq, Neq, Contains []string `json:",omitempty"`
	Exists            *bool    `json:",omitempty"`
}

// filterKeys are the keys a filter may name besides principal.* and condition.*.
var filterKeys = []string{"id", "resource", "resourceType", "status", "resourceOwnerAccount", "findingType", "isPublic",
	"action", "error"}

func checkFilter(filter map[string]criterion) error {
	for k, c := range filter {
		if !slices.Contains(filterKeys, k) && !strings.HasPrefix(k, "principal.") && !strings.HasPrefix(k, "condition.") {
			return errInvalidInput("filter", fmt.Sprintf("Invalid filter key: %s", k))
		}
		if len(c.Eq) == 0 && len(c.Neq) == 0 && len(c.Contains) == 0 && c.Exists == nil {
			return errInvalidInput("filter", fmt.Sprintf("The criterion for %s is empty.", k))
		}
	}
	return nil
}

// matches reports whether the finding meets every criterion of filter.
func (f *finding) matches(filter map[string]criterion) bool { return matchFields(f.fields(), filter) }

// matchFields reports whether fields (values by filter key) meet every criterion of filter.
func matchFields(fields map[string][]string, filter map[string]criterion) bool {
	for k, c := range filter {
		vals, present := fields[k]
		present = present && len(vals) > 0
		if c.Exists != nil && *c.Exists != present {
			return false
		}
		if len(c.Eq) > 0 && !anyIn(vals, func(v string) bool { return slices.Contains(c.Eq, v) }) {
			return false
		}
		if len(c.Neq) > 0 && anyIn(vals, func(v string) bool { return slices.Contains(c.Neq, v) }) {
			return false
		}
		if len(c.Contains) > 0 && !anyIn(vals, func(v string) bool {
			return slices.ContainsFunc(c.Contains, func(s string) bool { return strings.Contains(v, s) })
		}) {
			return false
		}
	}
	return true
}

func anyIn(vals []string, ok func(string) bool) bool { return slices.ContainsFunc(vals, ok) }
