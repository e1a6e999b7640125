package jsonproto

import (
	"net/textproto"
	"net/url"
)

// Protocol names, as the models' metadata spell them.
const (
	ProtocolJSON     = "json"      // awsJson1_0 / awsJson1_1, by the model's jsonVersion
	ProtocolRESTJSON = "rest-json" // restJson1
)

// Content types of the two protocols' documents.
const (
	ContentTypeAWSJSON11 = "application/x-amz-json-1.1"
	ContentTypeJSON      = "application/json"
)

// Request is one HTTP request as the api package hands it over: nothing here is read from the network.
type Request struct {
	// Method is the HTTP method ("POST").
	Method string
	// Path is the request's escaped path (URL.EscapedPath()), so a label holding an escaped "/" stays one
	// segment.
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Header holds the request headers under their canonical keys (an http.Header converts to it).
	Header map[string][]string
	// Body is the whole request body.
	Body []byte
	// Host is the Host header and RawQuery the query string as received: what an operation that
	// checks a signature itself (Roles Anywhere's CreateSession) needs beyond the parsed parts.
	Host, RawQuery string
}

// HeaderValue returns the first value of a header, looked up by its canonical key.
func (r *Request) HeaderValue(name string) (string, bool) {
	vs := r.Header[textproto.CanonicalMIMEHeaderKey(name)]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// Target returns the X-Amz-Target header of an awsJson request.
func (r *Request) Target() string {
	t, _ := r.HeaderValue("X-Amz-Target")
	return t
}

// Field is one response header.
type Field struct {
	Name, Value string
}

// Response is what a dispatch produces for the api package to write: status, content type, the modelled
// headers and the body.
type Response struct {
	Status      int
	ContentType string
	Header      []Field
	Body        []byte
}

// AddHeader appends a response header.
func (r *Response) AddHeader(name, value string) {
	r.Header = append(r.Header, Field{Name: name, Value: value})
}

// ContentType returns the content type of a protocol's documents.
func ContentType(protocol string) string {
	if protocol == ProtocolJSON {
		return ContentTypeAWSJSON11
	}
	return ContentTypeJSON
}
