package query

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/google/go-cmp/cmp"
)

func TestAppendEscaped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "alice", "alice"},
		{"markup", `<a href="x">&'`, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"},
		{"whitespace kept verbatim", "a\tb\nc\rd", "a&#x9;b&#xA;c&#xD;d"},
		{"unicode", "Zürich 😀", "Zürich 😀"},
		{"control characters", "a\x00b\x1fc", "a\uFFFDb\uFFFDc"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"noncharacters", "a\uFFFEb\uFFFF", "a\uFFFDb\uFFFD"},
		{"replacement char kept", "\uFFFD", "\uFFFD"},
		{"url-encoded policy", "%7B%22Version%22%3A%222012-10-17%22%7D", "%7B%22Version%22%3A%222012-10-17%22%7D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(appendEscaped(nil, tt.in)); got != tt.want {
				t.Errorf("appendEscaped(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendTime(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"whole seconds", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), "2026-11-24T10:00:00Z"},
		{"converted to UTC", time.Date(2026, 11, 24, 11, 0, 0, 0, paris), "2026-11-24T10:00:00Z"},
		{"milliseconds", time.Date(2026, 11, 24, 10, 0, 0, 359_000_000, time.UTC), "2026-11-24T10:00:00.359Z"},
		{"sub-millisecond dropped", time.Date(2026, 11, 24, 10, 0, 0, 999_999, time.UTC), "2026-11-24T10:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(AppendTime(nil, tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWriterDocument(t *testing.T) {
	t.Parallel()
	w := NewWriter([]byte("prefix:"))
	w.StartNS("GetThingResponse", "https://example.com/doc/")
	w.Start("GetThingResult")
	w.String("Name", "a<b")
	w.Int("Count", -3)
	w.Bool("On", true)
	w.Time("At", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	w.Blob("Data", []byte("hi"))
	w.End("GetThingResult")
	w.ResponseMetadata("req-1")
	w.End("GetThingResponse")
	want := `prefix:<GetThingResponse xmlns="https://example.com/doc/"><GetThingResult><Name>a&lt;b</Name>` +
		`<Count>-3</Count><On>true</On><At>2026-01-02T03:04:05Z</At><Data>aGk=</Data></GetThingResult>` +
		`<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetThingResponse>`
	if got := string(w.Bytes()); got != want {
		t.Errorf("document:\n got %s\nwant %s", got, want)
	}
}

func TestAppendError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *awserr.Error
		want string
	}{
		{
			name: "sender",
			err:  awserr.New("NoSuchEntity", 404, "The user with name %s cannot be found.", "bob"),
			want: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
				`<Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error>` +
				`<RequestId>r-1</RequestId></ErrorResponse>`,
		},
		{
			name: "fault derived from status",
			err:  &awserr.Error{Code: "ServiceFailure", Status: 500, Message: "x & y"},
			want: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>` +
				`<Code>ServiceFailure</Code><Message>x &amp; y</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
		},
		{
			name: "no message",
			err:  &awserr.Error{Code: "Throttling", Status: 400},
			want: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
				`<Code>Throttling</Code></Error><RequestId>r-1</RequestId></ErrorResponse>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := string(AppendError(nil, "https://iam.amazonaws.com/doc/2010-05-08/", tt.err, "r-1"))
			if got != tt.want {
				t.Errorf("document:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSortedKeys(t *testing.T) {
	t.Parallel()
	got := SortedKeys(map[string]int{"b": 1, "a": 2, "c": 3})
	if diff := cmp.Diff([]string{"a", "b", "c"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzAppendEscaped checks that any string becomes well-formed XML text that reads back as the
// original, except for characters XML cannot carry, which become U+FFFD.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\x00\xff\t\r\n", "Zürich 😀", "\uFFFE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := "<a>" + string(appendEscaped(nil, s)) + "</a>"
		var v struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("escaped %q is not well-formed: %v (%s)", s, err, doc)
		}
		if !utf8.ValidString(v.Text) {
			t.Fatalf("escaped %q read back as invalid UTF-8", s)
		}
		if !strings.ContainsRune(v.Text, '\uFFFD') && v.Text != s {
			t.Fatalf("escaped %q read back as %q", s, v.Text)
		}
	})
}
