package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// model is a botocore service model (service-2.json) as far as the generator reads it. Members keep the
// model's order, which is the order AWS writes them in responses.
type model struct {
	Metadata   metadata              `json:"metadata"`
	Operations map[string]*operation `json:"operations"`
	Shapes     map[string]*shape     `json:"shapes"`
	Version    string                `json:"version"`
	Docs       string                `json:"documentation"`

	paginators map[string]*paginator
}

type metadata struct {
	APIVersion       string   `json:"apiVersion"`
	JSONVersion      string   `json:"jsonVersion"`
	TargetPrefix     string   `json:"targetPrefix"`
	EndpointPrefix   string   `json:"endpointPrefix"`
	GlobalEndpoint   string   `json:"globalEndpoint"`
	Protocol         string   `json:"protocol"`
	Protocols        []string `json:"protocols"`
	ServiceAbbrev    string   `json:"serviceAbbreviation"`
	ServiceFullName  string   `json:"serviceFullName"`
	ServiceID        string   `json:"serviceId"`
	SignatureVersion string   `json:"signatureVersion"`
	SigningName      string   `json:"signingName"`
	UID              string   `json:"uid"`
	XMLNamespace     string   `json:"xmlNamespace"`
	Auth             []string `json:"auth"`
}

type operation struct {
	Name          string     `json:"name"`
	HTTP          httpTrait  `json:"http"`
	Input         *shapeRef  `json:"input"`
	Output        *shapeRef  `json:"output"`
	Errors        []shapeRef `json:"errors"`
	Documentation string     `json:"documentation"`
	Deprecated    bool       `json:"deprecated"`
	DeprecatedMsg string     `json:"deprecatedMessage"`
	Auth          []string   `json:"auth"`
	AuthType      string     `json:"authtype"`
	Idempotent    bool       `json:"idempotent"`
	ReadOnly      bool       `json:"readonly"`
}

type httpTrait struct {
	Method       string `json:"method"`
	RequestURI   string `json:"requestUri"`
	ResponseCode int    `json:"responseCode"`
}

// shapeRef is a reference to a shape from an operation or a member, with the traits a reference may carry.
type shapeRef struct {
	Shape         string `json:"shape"`
	Documentation string `json:"documentation"`
	LocationName  string `json:"locationName"`
	ResultWrapper string `json:"resultWrapper"`
	Flattened     bool   `json:"flattened"`
	Deprecated    bool   `json:"deprecated"`
	DeprecatedMsg string `json:"deprecatedMessage"`
	Box           bool   `json:"box"`
	// IdempotencyToken marks a member the SDKs fill with a fresh token when the caller leaves it empty.
	IdempotencyToken bool `json:"idempotencyToken"`
	// Location binds a restJson1 member to the path ("uri"), the query string ("querystring") or a header
	// ("header") under LocationName; the query protocol has none.
	Location string `json:"location"`
	// Traits the generator does not support; load fails if a model sets them.
	XMLAttribute bool            `json:"xmlAttribute"`
	XMLNamespace json.RawMessage `json:"xmlNamespace"`
	QueryName    string          `json:"queryName"`
}

type member struct {
	Name string
	shapeRef
}

// members keeps a structure's members in model order.
type members []member

func (ms *members) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		m := member{Name: name}
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&m.shapeRef); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		*ms = append(*ms, m)
	}
	_, err := dec.Token() // }
	return err
}

type errorTrait struct {
	Code           string `json:"code"`
	HTTPStatusCode int    `json:"httpStatusCode"`
	SenderFault    bool   `json:"senderFault"`
}

type shape struct {
	Type          string      `json:"type"`
	Members       members     `json:"members"`
	Required      []string    `json:"required"`
	Member        *shapeRef   `json:"member"`
	Key           *shapeRef   `json:"key"`
	Value         *shapeRef   `json:"value"`
	Min           *float64    `json:"min"`
	Max           *float64    `json:"max"`
	Pattern       *string     `json:"pattern"`
	Enum          []string    `json:"enum"`
	Documentation string      `json:"documentation"`
	Exception     bool        `json:"exception"`
	Fault         bool        `json:"fault"`
	Error         *errorTrait `json:"error"`
	Sensitive     bool        `json:"sensitive"`
	Box           bool        `json:"box"`
	Flattened     bool        `json:"flattened"`
	LocationName  string      `json:"locationName"`
	Deprecated    bool        `json:"deprecated"`
	DeprecatedMsg string      `json:"deprecatedMessage"`
	// Retryable is the error trait the SDKs read to retry; Gatehouse only documents it.
	Retryable json.RawMessage `json:"retryable"`
	// TimestampFormat overrides the protocol's default timestamp format (iso8601, unixTimestamp, rfc822).
	TimestampFormat string `json:"timestampFormat"`
	// Traits the generator does not support; load fails if a model sets them.
	Union       bool `json:"union"`
	Document    bool `json:"document"`
	Streaming   bool `json:"streaming"`
	Event       bool `json:"event"`
	EventStream bool `json:"eventstream"`
	Wrapper     bool `json:"wrapper"`
}

func (s *shape) required(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

type paginator struct {
	InputToken  stringOrList `json:"input_token"`
	OutputToken stringOrList `json:"output_token"`
	LimitKey    string       `json:"limit_key"`
	MoreResults string       `json:"more_results"`
	ResultKey   stringOrList `json:"result_key"`
	NonAggKeys  []string     `json:"non_aggregate_keys"`
}

// stringOrList is a paginator field that botocore writes as a string or a list of strings.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

func readGzipJSON(path string, strict bool, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// loadModel reads service-2.json.gz and paginators-1.json.gz from dir and checks that the model uses only
// what the generator supports.
func loadModel(dir string) (*model, error) {
	m := &model{}
	if err := readGzipJSON(filepath.Join(dir, "service-2.json.gz"), true, m); err != nil {
		return nil, err
	}
	var pg struct {
		Pagination map[string]*paginator `json:"pagination"`
	}
	if err := readGzipJSON(filepath.Join(dir, "paginators-1.json.gz"), true, &pg); err != nil {
		return nil, err
	}
	m.paginators = pg.Pagination
	for name := range m.paginators {
		if _, ok := m.Operations[name]; !ok {
			return nil, fmt.Errorf("%s: paginator for unknown operation %s", dir, name)
		}
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return m, nil
}

// check fails on every model feature the generator would otherwise get silently wrong.
func (m *model) check() error {
	for _, name := range sortedKeys(m.Shapes) {
		s := m.Shapes[name]
		switch {
		case s.TimestampFormat != "" && s.TimestampFormat != "iso8601" && (m.Metadata.Protocol == "query" ||
			(s.TimestampFormat != "unixTimestamp" && s.TimestampFormat != "rfc822")):
			return fmt.Errorf("shape %s: timestampFormat %q is not supported", name, s.TimestampFormat)
		case s.Document, s.Streaming, s.Event, s.EventStream, s.Wrapper:
			return fmt.Errorf("shape %s: document, streaming and event shapes are not supported", name)
		case s.Union && (s.Type != "structure" || len(s.Required) > 0):
			return fmt.Errorf("shape %s: a union must be a structure without required members", name)
		}
		refs := []*shapeRef{s.Member, s.Key, s.Value}
		for i := range s.Members {
			refs = append(refs, &s.Members[i].shapeRef)
		}
		for _, r := range refs {
			if r == nil {
				continue
			}
			if _, ok := m.Shapes[r.Shape]; !ok {
				return fmt.Errorf("shape %s refers to unknown shape %s", name, r.Shape)
			}
			if r.XMLAttribute || len(r.XMLNamespace) > 0 || r.QueryName != "" {
				return fmt.Errorf("shape %s: xmlAttribute, xmlNamespace and queryName are not supported", name)
			}
			if r.Location != "" && m.Metadata.Protocol != "rest-json" {
				return fmt.Errorf("shape %s: location is only supported in restJson1 models", name)
			}
		}
		for _, req := range s.Required {
			found := false
			for _, mem := range s.Members {
				found = found || mem.Name == req
			}
			if !found {
				return fmt.Errorf("shape %s requires unknown member %s", name, req)
			}
		}
		switch s.Type {
		case "structure", "list", "map", "string", "boolean", "integer", "long", "timestamp", "blob":
		case "float", "double":
			if m.Metadata.Protocol == "query" {
				return fmt.Errorf("shape %s: type %q is not supported in query models", name, s.Type)
			}
		default:
			return fmt.Errorf("shape %s: type %q is not supported", name, s.Type)
		}
	}
	for _, name := range sortedKeys(m.Operations) {
		op := m.Operations[name]
		if op.Name != name {
			return fmt.Errorf("operation %s is named %s", name, op.Name)
		}
		for _, r := range append([]*shapeRef{op.Input, op.Output}, refsOf(op.Errors)...) {
			if r == nil {
				continue
			}
			s, ok := m.Shapes[r.Shape]
			if !ok || s.Type != "structure" {
				return fmt.Errorf("operation %s refers to %s, which is not a structure", name, r.Shape)
			}
		}
	}
	return nil
}

func refsOf(rs []shapeRef) []*shapeRef {
	out := make([]*shapeRef, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
