package store

import (
	"context"
	"time"
)

// AnalyzerRecord is an IAM Access Analyzer analyzer, an archive rule of one, or a finding of
// one: the keys the store looks up and orders by, and Body, the Access Analyzer service's
// own encoding of everything else (type, configuration, tags, filter, finding details).
// The store keeps bodies as given; it knows nothing of Access Analyzer's semantics.
type AnalyzerRecord struct {
	AccountID string
	// Analyzer is the analyzer's name (for a rule or finding, the analyzer it belongs to).
	Analyzer string
	// Name is "" for an analyzer, the rule name for an archive rule, the finding ID for a
	// finding, the preview ID for an access preview, the job ID for a policy generation.
	Name string
	// Resource is a finding's resource ARN ("" otherwise).
	Resource string
	Created  time.Time
	Updated  time.Time
	Body     []byte
}

// AnalyzerPart says which of an analyzer's records a call is about.
type AnalyzerPart uint8

const (
	// AnalyzerItself is the analyzer's own record (Name "").
	AnalyzerItself AnalyzerPart = iota
	// AnalyzerRule is one of its archive rules.
	AnalyzerRule
	// AnalyzerFinding is one of its findings.
	AnalyzerFinding
	// AnalyzerPreview is one of its access previews (Name is the preview ID).
	AnalyzerPreview
	// AnalyzerPolicyGeneration is a policy generation job of the account: it belongs to no
	// analyzer (Analyzer ""), Name is the job ID and Resource the principal's ARN.
	AnalyzerPolicyGeneration
)

// Analyzers stores Access Analyzer's analyzers, archive rules and findings (migration 0006).
// Names are unique per account (analyzers), per analyzer (rules, findings), case-sensitively.
// Deleting an analyzer deletes its rules and findings; deleting an account deletes all. They
// are not in the change feed: no cache reads them.
type Analyzers interface {
	// Create adds a record; ErrAlreadyExists if its key is taken, ErrNotFound if a rule's,
	// finding's or preview's analyzer does not exist.
	Create(ctx context.Context, part AnalyzerPart, r AnalyzerRecord) error
	// Get reads one record; ErrNotFound if missing.
	Get(ctx context.Context, part AnalyzerPart, accountID, analyzer, name string) (AnalyzerRecord, error)
	// Update rewrites Resource, Updated and Body; ErrNotFound if missing.
	Update(ctx context.Context, part AnalyzerPart, r AnalyzerRecord) error
	// Delete removes a record (an analyzer with its rules and findings); ErrNotFound if
	// missing.
	Delete(ctx context.Context, part AnalyzerPart, accountID, analyzer, name string) error
	// List returns an account's analyzers (analyzer ignored) or an analyzer's rules or
	// findings, ordered by name.
	List(ctx context.Context, part AnalyzerPart, accountID, analyzer string) ([]AnalyzerRecord, error)
}
