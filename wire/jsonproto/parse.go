package jsonproto

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// MaxDepth caps the nesting of a request's JSON document. The deepest input of the served models
// (Access Analyzer's access-preview configurations: map → structure → list → structure → …) nests about a
// dozen levels; 64 leaves room and bounds the recursion a hostile body can cause. The body's size is
// capped by the api package (api.MaxBodyBytes).
const MaxDepth = 64

// errDepth is the parse failure of a document nested deeper than MaxDepth.
var errDepth = errors.New("the document is nested too deeply")

// parseBody parses a request body into a tree of map[string]any, []any, string, json.Number, bool and
// nil. An empty body is an empty object; anything but one JSON object (with nothing after it) fails.
func parseBody(body []byte) (map[string]any, error) {
	obj, err := parseDocument(body)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // the document ended inside a value
	}
	return obj, err
}

func parseDocument(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("the document is not a JSON object")
	}
	obj, err := parseObject(dec, 1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON object")
	}
	return obj, nil
}

// parseValue reads the value that starts with tok.
func parseValue(dec *json.Decoder, tok json.Token, depth int) (any, error) {
	switch t := tok.(type) {
	case json.Delim:
		if depth >= MaxDepth {
			return nil, errDepth
		}
		if t == '{' {
			return parseObject(dec, depth+1)
		}
		return parseArray(dec, depth+1)
	default:
		return t, nil
	}
}

func parseObject(dec *json.Decoder, depth int) (map[string]any, error) {
	obj := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if tok, err = dec.Token(); err != nil {
			return nil, err
		}
		v, err := parseValue(dec, tok, depth)
		if err != nil {
			return nil, err
		}
		obj[key] = v
	}
	_, err := dec.Token() // }
	return obj, err
}

func parseArray(dec *json.Decoder, depth int) ([]any, error) {
	arr := []any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		v, err := parseValue(dec, tok, depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	_, err := dec.Token() // ]
	return arr, err
}
