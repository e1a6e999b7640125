// Package iamerr is IAM's error answers as one table: for each, its error code and AWS's text.
// Every family answers from it, so a text IAM gives in several places (an ARN that is not
// valid, a job that does not exist) is written once, and the texts can be checked against
// AWS's in one place.
package iamerr

import (
	"fmt"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// Message is one of IAM's error answers: its code (a constructor of package iamwire or awserr)
// and AWS's text, a format of the request's values. The table (table.go) holds them all.
type Message struct {
	code   func(format string, args ...any) *awserr.Error
	format string
}

// Err is the answer, with args (the request's values the text names) put into the text.
func (m Message) Err(args ...any) *awserr.Error { return m.code(m.format, args...) }

// accessDenied is awserr.AccessDenied as a code of the table.
func accessDenied(format string, args ...any) *awserr.Error {
	return awserr.AccessDenied(fmt.Sprintf(format, args...))
}
