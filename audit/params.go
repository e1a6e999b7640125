package audit

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Hidden replaces a secret in requestParameters and responseElements, as CloudTrail writes it.
const Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

// secretNames are the parameters and response members that never reach the trail, lowercased:
// secret access keys, passwords, MFA codes and seeds, private keys, session tokens, and the
// federation tokens and assertions that are bearer credentials.
var secretNames = map[string]bool{
	"secretaccesskey": true, "password": true, "oldpassword": true, "newpassword": true,
	"sessiontoken": true, "authenticationcode1": true, "authenticationcode2": true, "tokencode": true,
	"base32stringseed": true, "qrcodepng": true, "privatekey": true, "webidentitytoken": true,
	"samlassertion": true, "servicepassword": true, "encodedmessage": true, "decodedmessage": true,
	"credentialstoken": true, "certificatechain": false, "subjecttoken": true, "token": true,
	"webauthncredential": true,
}

// isSecret reports whether a member of that name holds a secret. Names are lower-cased in a
// buffer on the stack (the map lookup of a converted byte slice does not allocate), not by
// strings.ToLower, which allocates for every name with a capital: every record asks for each of
// its members.
func isSecret(name string) bool {
	var buf [32]byte
	if len(name) > len(buf) {
		return secretNames[strings.ToLower(name)]
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return secretNames[string(buf[:len(name)])]
}

// redact replaces every secret member of a decoded JSON tree, in place.
func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if isSecret(k) {
				x[k] = Hidden
				continue
			}
			x[k] = redact(e)
		}
	case []any:
		for i, e := range x {
			x[i] = redact(e)
		}
	}
	return v
}

// queryParameters turns awsQuery parameters into CloudTrail's requestParameters: members named
// in lower camel case, lists (.member.N) as arrays, maps (.entry.N.key/value) as arrays of pairs,
// Action and Version dropped; nil when nothing remains.
func queryParameters(params url.Values) map[string]any {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Action" && k != "Version" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	root := map[string]any{}
	for _, k := range keys {
		insert(root, strings.Split(k, "."), params.Get(k))
	}
	return redact(arrays(root)).(map[string]any)
}

// insert places value at path in a tree of maps; list indexes stay map keys until arrays runs.
func insert(node map[string]any, path []string, value string) {
	name := path[0]
	if !isIndex(name) {
		name = lowerFirst(name)
	}
	if len(path) == 1 {
		node[name] = value
		return
	}
	child, ok := node[name].(map[string]any)
	if !ok {
		child = map[string]any{}
		node[name] = child
	}
	insert(child, path[1:], value)
}

// arrays turns {"member": {"1": a, "2": b}} (and "entry") into [a, b].
func arrays(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, e := range m {
		m[k] = arrays(e)
	}
	if len(m) == 1 {
		for k, e := range m {
			if idx, ok := e.(map[string]any); ok && (k == "member" || k == "entry") && allIndexes(idx) {
				return ordered(idx)
			}
		}
	}
	if allIndexes(m) && len(m) > 0 {
		return ordered(m)
	}
	return m
}

func allIndexes(m map[string]any) bool {
	for k := range m {
		if !isIndex(k) {
			return false
		}
	}
	return true
}

func ordered(m map[string]any) []any {
	keys := make([]int, 0, len(m))
	for k := range m {
		n, _ := strconv.Atoi(k)
		keys = append(keys, n)
	}
	sort.Ints(keys)
	out := make([]any, len(keys))
	for i, n := range keys {
		out[i] = m[strconv.Itoa(n)]
	}
	return out
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && s != ""
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	// Only the first letter, as CloudTrail names members ("UserName" → "userName").
	return strings.ToLower(s[:1]) + s[1:]
}

// jsonParameters decodes a JSON request or response body into a redacted tree; nil when empty
// or not JSON.
func jsonParameters(body []byte) any {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("{}")) {
		return nil
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	return redact(v)
}

// xmlResult decodes the <…Result> element of an awsQuery response into a redacted tree of lower
// camel case members, lists (<member>) as arrays; nil when the response has none.
func xmlResult(doc []byte) any {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok && strings.HasSuffix(se.Name.Local, "Result") {
			v, err := xmlValue(d)
			if err != nil {
				return nil
			}
			if s, ok := v.(string); ok && s == "" {
				return nil
			}
			return redact(v)
		}
	}
}

// xmlValue reads the content of the element just opened: text, a map of children, or an array of
// <member> children.
func xmlValue(d *xml.Decoder) (any, error) {
	var text strings.Builder
	var m map[string]any
	var list []any
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			v, err := xmlValue(d)
			if err != nil {
				return nil, err
			}
			if t.Name.Local == "member" {
				list = append(list, v)
				if list == nil {
					list = []any{}
				}
				continue
			}
			if m == nil {
				m = map[string]any{}
			}
			m[lowerFirst(t.Name.Local)] = v
		case xml.EndElement:
			switch {
			case list != nil:
				return list, nil
			case m != nil:
				return m, nil
			}
			return strings.TrimSpace(text.String()), nil
		}
	}
}
