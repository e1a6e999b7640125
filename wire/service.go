package wire

import (
	"sort"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// Service describes one AWS service as its model defines it. Generated packages declare one each
// (iamwire.Service, stswire.Service); routing, documentation and the coverage report read it.
type Service struct {
	// ID is the model's serviceId ("IAM", "STS").
	ID string
	// FullName is the model's serviceFullName.
	FullName string
	// SigningName is the service name in the SigV4 credential scope ("iam", "sts").
	SigningName string
	// APIVersion is the model's apiVersion ("2010-05-08").
	APIVersion string
	// Protocol is the model's protocol ("query", "json" for awsJson1_1, "rest-json" for restJson1).
	Protocol string
	// Namespace is the XML namespace of the query protocol's documents.
	Namespace string
	// TargetPrefix is the awsJson protocol's X-Amz-Target prefix ("AWSOrganizationsV20161128").
	TargetPrefix string
	// Operations lists every operation of the model, sorted by name.
	Operations []Operation
}

// Operation describes one operation of a service model.
type Operation struct {
	// Name is the operation name, which is also the query protocol's Action.
	Name string
	// Doc is the first sentence of the model's documentation, without markup.
	Doc string
	// Errors are the error shapes the model documents for the operation, in model order.
	Errors []ErrorRef
	// Pagination is non-nil when the model's paginators list the operation.
	Pagination *Pagination
}

// ErrorRef is one documented error: the code clients switch on and the HTTP status AWS answers with.
type ErrorRef struct {
	Code   string
	Status int
	Fault  awserr.Fault
}

// Pagination names the members that page an operation's results (for IAM: Marker, MaxItems, IsTruncated).
type Pagination struct {
	InputToken  string
	OutputToken string
	LimitKey    string
	MoreResults string
	ResultKeys  []string
}

// Operation returns the operation with the given name.
func (s *Service) Operation(name string) (*Operation, bool) {
	i := sort.Search(len(s.Operations), func(i int) bool { return s.Operations[i].Name >= name })
	if i < len(s.Operations) && s.Operations[i].Name == name {
		return &s.Operations[i], true
	}
	return nil, false
}
