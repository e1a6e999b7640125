package store

import (
	"context"
	"time"
)

// AccessRecord is the last time an entity was used to reach a service, or one of its actions,
// for access advisor (GetServiceLastAccessedDetails).
type AccessRecord struct {
	AccountID string
	// EntityARN is what the record is tracked for: a user, group, role or policy ARN.
	EntityARN string
	Namespace string // service namespace, e.g. "s3"
	Action    string // "" for the service as a whole; else e.g. "CreateBucket"
	When      time.Time
	// AuthenticatedEntity is the principal ARN that made the request.
	AuthenticatedEntity string
	Region              string
}

// ReportJob is an asynchronous report job (GenerateServiceLastAccessedDetails,
// GenerateOrganizationsAccessReport).
type ReportJob struct {
	ID          string
	AccountID   string
	Kind        string // e.g. "service-last-accessed", "organizations-access"
	EntityARN   string // or the Organizations entity path
	Granularity string // SERVICE_LEVEL or ACTION_LEVEL
	Status      string // IN_PROGRESS, COMPLETED, FAILED
	Created     time.Time
	Completed   time.Time
}

// LastAccessed stores access-advisor data and report jobs. Records are usage data: they do
// not appear in the change feed.
type LastAccessed interface {
	// Record keeps r unless a later access of the same (entity, namespace, action) is known.
	Record(ctx context.Context, r AccessRecord) error
	// List returns an entity's records ordered by namespace and action.
	List(ctx context.Context, accountID, entityARN string) ([]AccessRecord, error)
	CreateJob(ctx context.Context, j ReportJob) error
	GetJob(ctx context.Context, accountID, id string) (ReportJob, error)
	// UpdateJob rewrites Status and Completed.
	UpdateJob(ctx context.Context, j ReportJob) error

	// PutJobResult stores the report a job produced (in the service's own encoding),
	// replacing any: reports are snapshots, so later accesses do not change a report once
	// generated, as AWS's do not. A missing job is ErrNotFound. (Migration 0003.)
	PutJobResult(ctx context.Context, accountID, jobID string, content []byte) error
	// JobResult returns the report stored for a job; ErrNotFound when there is none.
	JobResult(ctx context.Context, accountID, jobID string) ([]byte, error)
}
