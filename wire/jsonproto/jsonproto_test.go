package jsonproto

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/wire/constraint"
	"github.com/google/go-cmp/cmp"
)

func TestWriter(t *testing.T) {
	t.Parallel()
	w := NewWriter([]byte("prefix:"))
	w.StartObject()
	w.Key("s")
	w.String("quote \" backslash \\ newline \n tab \t nul \x00 bell \x07 é 😀 bad \xff")
	w.Key("list")
	w.StartArray()
	w.Int(-3)
	w.Float(0.5, 64)
	w.Float(math.NaN(), 64)
	w.Float(math.Inf(-1), 32)
	w.Bool(true)
	w.Null()
	w.StartObject()
	w.EndObject()
	w.EndArray()
	w.Key("epoch")
	w.Time(time.Date(2026, 11, 24, 10, 0, 0, 120_000_000, time.UTC), "")
	w.Key("whole")
	w.Time(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), TimeEpochSeconds)
	w.Key("iso")
	w.Time(time.Date(2026, 11, 24, 11, 0, 0, 0, time.FixedZone("", 3600)), TimeISO8601)
	w.Key("blob")
	w.Blob([]byte("hi"))
	w.EndObject()
	want := `prefix:{"s":"quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 é 😀 bad \ufffd",` +
		`"list":[-3,0.5,"NaN","-Infinity",true,null,{}],"epoch":1795514400.12,"whole":1795514400,` +
		`"iso":"2026-11-24T10:00:00Z","blob":"aGk="}`
	if got := string(w.Bytes()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var v any
	if err := json.Unmarshal(w.Bytes()[len("prefix:"):], &v); err != nil {
		t.Errorf("not JSON: %v", err)
	}
}

func TestParseBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"empty body is an empty object", "", true},
		{"whitespace", " \n", true},
		{"object", `{"a":[1,{"b":null}]}`, true},
		{"array", `[1]`, false},
		{"string", `"x"`, false},
		{"trailing data", `{} {}`, false},
		{"truncated", `{"a":`, false},
		{"too deep", strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), false},
		{"as deep as allowed", strings.Repeat(`{"a":`, MaxDepth-1) + "1" + strings.Repeat("}", MaxDepth-1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseBody([]byte(tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("parseBody(%.40q) error = %v, want ok = %v", tt.body, err, tt.ok)
			}
		})
	}
}

var testName = constraint.StringRule{Length: constraint.Length{Min: 1, Max: 8, HasMin: true, HasMax: true}}

func TestDecoderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		run      func(d *Decoder)
		wantCode string
		wantMsg  string
	}{
		{"valid", func(d *Decoder) {
			d.String(&constraint.Path{Name: "name"}, "alice", &testName)
			d.Int(&constraint.Path{Name: "n"}, json.Number("7"), 32, nil)
		}, "", ""},
		{"violations are ValidationException with values quoted", func(d *Decoder) {
			d.String(&constraint.Path{Name: "name"}, "much too long", &testName)
			d.Null(&constraint.Path{Name: "id"}, false)
		}, CodeValidation, "2 validation errors detected: Value 'much too long' at 'name' failed to satisfy constraint: " +
			"Member must have length less than or equal to 8; Value null at 'id' failed to satisfy constraint: Member must not be null"},
		{"a wrong JSON type is a SerializationException and wins", func(d *Decoder) {
			d.Null(&constraint.Path{Name: "id"}, false)
			d.Int(&constraint.Path{Name: "maxResults"}, "10", 32, nil)
		}, CodeSerialization, "Cannot read the value at 'maxResults': expected an integer, found a string."},
		{"int32 overflow", func(d *Decoder) {
			d.Int(&constraint.Path{Name: "n"}, json.Number("2147483648"), 32, nil)
		}, CodeSerialization, "Cannot read the value at 'n': expected an integer of 32 bits, found a number."},
		{"fraction for an integer", func(d *Decoder) {
			d.Int(&constraint.Path{Name: "n"}, json.Number("1.5"), 64, nil)
		}, CodeSerialization, "Cannot read the value at 'n': expected an integer of 64 bits, found a number."},
		{"bad body", func(d *Decoder) { d.Body([]byte("{")) }, CodeSerialization, ""},
		{"bad base64", func(d *Decoder) { d.Blob(&constraint.Path{Name: "b"}, "***", nil) }, CodeSerialization,
			"Cannot read the value at 'b': expected a base64 string, found a string."},
		{"query integer", func(d *Decoder) { d.ParseInt(&constraint.Path{Name: "maxResults"}, "ten", 32, nil) },
			CodeSerialization, "Cannot read the value at 'maxResults': 'ten' is not an integer of 32 bits."},
		{"range", func(d *Decoder) {
			d.ParseInt(&constraint.Path{Name: "maxResults"}, "0", 32, &constraint.IntRule{Min: 1, Max: 50, HasMin: true, HasMax: true})
		}, CodeValidation, "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := NewDecoder(nil)
			tt.run(d)
			err := d.Err()
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Err() = %v", err)
				}
				return
			}
			e := awserr.As(err)
			if e.Code != tt.wantCode || e.Status != 400 || (tt.wantMsg != "" && e.Message != tt.wantMsg) {
				t.Errorf("Err() = %s %d %q, want %s 400 %q", e.Code, e.Status, e.Message, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestTime(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 11, 24, 10, 0, 0, 123_000_000, time.UTC)
	for _, v := range []any{json.Number("1795514400.123"), json.Number("1.795514400123e9"), "2026-11-24T10:00:00.123Z",
		"2026-11-24T11:00:00.123+01:00"} {
		d := NewDecoder(nil)
		got, ok := d.Time(&constraint.Path{Name: "t"}, v, "")
		if !ok || !got.Equal(want) {
			t.Errorf("Time(%v) = %v, %v; want %v", v, got, ok, want)
		}
	}
	d := NewDecoder(nil)
	if _, ok := d.Time(&constraint.Path{Name: "t"}, "yesterday", ""); ok || d.Err() == nil {
		t.Error("yesterday is not a timestamp")
	}
}

func TestMatchPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		labels        []string
		ok            bool
	}{
		{"/analyzer/{analyzerName}", "/analyzer/my-analyzer", []string{"my-analyzer"}, true},
		{"/tags/{resourceArn}", "/tags/arn%3Aaws%3Aaccess-analyzer%3Aus-east-1%3A111122223333%3Aanalyzer%2Fa",
			[]string{"arn:aws:access-analyzer:us-east-1:111122223333:analyzer/a"}, true},
		{"/analyzer/{analyzerName}", "/analyzer/", nil, false},
		{"/analyzer/{analyzerName}", "/analyzer/a/b", nil, false},
		{"/analyzer", "/analyzer", nil, true},
		{"/analyzer", "/analyzers", nil, false},
		{"/analyzer/{a}", "/analyzer/%zz", nil, false},
	}
	for _, tt := range tests {
		labels, _, ok := MatchPattern(tt.pattern, tt.path)
		if ok != tt.ok || !cmp.Equal(labels, tt.labels) {
			t.Errorf("MatchPattern(%q, %q) = %q, %v; want %q, %v", tt.pattern, tt.path, labels, ok, tt.labels, tt.ok)
		}
	}
	r := NewRouter([]Route{{"GET", "/analyzer/{analyzerName}", 0}, {"POST", "/analyzer/findings/statistics", 1},
		{"POST", "/analyzer/{analyzerName}/statistics", 2}})
	if op, _, ok := r.Match("POST", "/analyzer/findings/statistics"); !ok || op != 1 {
		t.Errorf("the literal route must win: got %d, %v", op, ok)
	}
	if _, _, ok := r.Match("DELETE", "/analyzer/a"); ok {
		t.Error("a method no route has must not match")
	}
	for _, bad := range []string{"analyzer", "/a?b=c", "/a/{b+}", "/a//b", "/a/x{b}"} {
		if CheckPattern(bad) == nil {
			t.Errorf("CheckPattern(%q) accepted it", bad)
		}
	}
}

func TestTargetOperation(t *testing.T) {
	t.Parallel()
	const long = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
	for target, want := range map[string]string{
		long + ".LookupEvents":               "LookupEvents",
		"CloudTrail_20131101.LookupEvents":   "LookupEvents",
		"CloudTrail_20131102.LookupEvents":   "",
		"LookupEvents":                       "",
		"CloudTrail_20131101.":               "",
		"DynamoDB_20120810.ListTables":       "",
		"com.amazonaws.cloudtrail.v20131101": "",
	} {
		got, ok := TargetOperation(target, long)
		if got != want || ok != (want != "") {
			t.Errorf("TargetOperation(%q) = %q, %v; want %q", target, got, ok, want)
		}
	}
}

func TestErrorResponse(t *testing.T) {
	t.Parallel()
	e := awserr.New("ConstraintViolationException", 400, "too many")
	resp := ErrorResponse(ProtocolJSON, e, ErrorDocument{MessageKey: "Message", Members: func(w *Writer, r *Response) {
		w.Key("Reason")
		w.String("ACCOUNT_NUMBER_LIMIT_EXCEEDED")
		r.AddHeader("Retry-After", "3")
	}}, nil)
	want := &Response{Status: 400, ContentType: ContentTypeAWSJSON11,
		Header: []Field{{"X-Amzn-Errortype", "ConstraintViolationException"}, {"Retry-After", "3"}},
		Body:   []byte(`{"__type":"ConstraintViolationException","Message":"too many","Reason":"ACCOUNT_NUMBER_LIMIT_EXCEEDED"}`)}
	if diff := cmp.Diff(want, resp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	internal := ErrorResponse(ProtocolRESTJSON, awserr.Internal(nil), ErrorDocument{}, nil)
	if internal.Status != 500 || internal.ContentType != ContentTypeJSON || !strings.Contains(string(internal.Body), `"message":`) {
		t.Errorf("internal failure rendered as %d %s %s", internal.Status, internal.ContentType, internal.Body)
	}
}

// FuzzDecoder feeds arbitrary bodies through the parser and every Decoder reader: nothing may panic, and
// a body that parses is an object.
func FuzzDecoder(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"x","n":1.5e3,"b":true,"l":[null,"y"],"m":{"k":"v"}}`, `[`, `{"a":{"a":{"a":1}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 1<<16 {
			return
		}
		d := NewDecoder(nil)
		obj := d.Body(body)
		p := &constraint.Path{Name: "x"}
		for _, v := range obj {
			if v == nil {
				continue
			}
			d.String(p, v, &testName)
			d.Int(p, v, 32, &constraint.IntRule{Max: 5, HasMax: true})
			d.Float(p, v, 64)
			d.Bool(p, v)
			d.Time(p, v, "")
			d.Blob(p, v, &constraint.Length{Max: 3, HasMax: true})
			d.Strings(p, v, &testName)
			d.Object(p, v)
		}
		_ = d.Err()
	})
}
