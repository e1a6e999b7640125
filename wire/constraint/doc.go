// Package constraint checks request values against the constraints of an AWS service model (length,
// pattern, enum, range, required members, unions) and words each violation as AWS's validation messages do
// ("Value 'x' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64").
//
// It is shared by every protocol runtime (wire/query for awsQuery, wire/jsonproto for awsJson1_1 and
// restJson1): AWS's services word violations alike whatever the protocol, while each protocol reads values
// and reports the collected violations in its own way (a ValidationError document, a ValidationException
// with a field list, Organizations' InvalidInputException with a reason). Each Violation therefore keeps
// its path and Kind beside the message. It imports only the standard library.
package constraint
