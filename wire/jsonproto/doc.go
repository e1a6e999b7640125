// Package jsonproto is the runtime of AWS's JSON protocols that the generated service packages call:
// awsJson1_1 (Organizations, CloudTrail: POST /, the operation in X-Amz-Target, every member in the JSON
// body) and restJson1 (Access Analyzer, Roles Anywhere: the operation chosen by method and path, members
// bound to path labels, the query string, headers or the JSON body).
//
// It owns the request as the HTTP layer hands it over (Request: method, escaped path, query, headers,
// body), the JSON body parsed into a tree with limits, the Decoder that reads members from it and checks
// the model's constraints (through wire/constraint, so the messages are AWS's, the same as the query
// protocol's), the Writer that appends response documents, route matching for restJson1, X-Amz-Target
// resolution for awsJson1_1, and the error document of both protocols (__type, message, the modelled
// members, the x-amzn-ErrorType header and the modelled HTTP status). Hand-described operations that the
// models lack (Roles Anywhere's CreateSession) are declared with Extra and served beside the generated ones.
//
// It is hand-written, like wire/query, so each protocol rule lives in one reviewed place; it never imports
// net/http: the api package owns the HTTP exchange and passes the decoded pieces in and the Response out.
package jsonproto
