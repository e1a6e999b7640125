package core

import (
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// Report jobs: access advisor (iam/analysis) and the Organizations access report
// (iam/organizations) share their job IDs and service names.

// NewJobID returns a job identifier as AWS's look: a random (version 4) UUID, 36 characters
// ("Length Constraints: Fixed length of 36", JobId).
func NewJobID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("iam: generating a job ID: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// serviceNames are the names access advisor gives services where the Service Authorization
// Reference's short names differ (IAM API Reference, GetServiceLastAccessedDetails example:
// "Amazon Simple Storage Service" for s3).
var serviceNames = map[string]string{"s3": "Amazon Simple Storage Service"}

// ServiceName is a service's name in a report: the Service Authorization Reference's, without
// the abbreviation it may end with ("AWS Identity and Access Management (IAM)" is reported as
// "AWS Identity and Access Management", as AWS's example shows).
func ServiceName(ns string) string {
	if n, ok := serviceNames[ns]; ok {
		return n
	}
	s, ok := authref.Service(ns)
	if !ok {
		return ns
	}
	name := s.Name
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		name = name[:i]
	}
	return name
}
