package audit

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/internal/jsonstr"
)

// The record's JSON, written by hand: every call's record is encoded once, and encoding/json's
// reflection over the Record, its identity and its decisions cost more than the rest of the
// record's making. The output is byte for byte what json.Marshal writes for the same Record
// (TestRecordJSON and FuzzAppendString compare them): the same member order and omitempty rules
// as the struct tags, map keys sorted, and strings escaped as encoding/json escapes them (<, >
// and & as \u003c…, U+2028 and U+2029, invalid UTF-8 as U+FFFD). A value of a type the trees
// of requestParameters and responseElements do not hold (numbers) goes through json.Marshal.

// obj appends an object's members, placing the commas.
type obj struct {
	b    []byte
	more bool
}

// sep writes the comma before a member, unless it is the first.
func (o *obj) sep() {
	if o.more {
		o.b = append(o.b, ',')
	}
	o.more = true
}

// key writes a member's name (one of the record's, which needs no escaping) and the separators
// before its value.
func (o *obj) key(name string) {
	o.sep()
	o.b = append(append(append(o.b, '"'), name...), '"', ':')
}

func (o *obj) str(name, v string) { o.key(name); o.b = appendString(o.b, v) }

// opt writes a string member unless it is empty (omitempty).
func (o *obj) opt(name, v string) {
	if v != "" {
		o.str(name, v)
	}
}

func (o *obj) boolean(name string, v bool) { o.key(name); o.b = strconv.AppendBool(o.b, v) }

func (o *obj) integer(name string, v int) { o.key(name); o.b = strconv.AppendInt(o.b, int64(v), 10) }

func (o *obj) value(name string, v any) { o.key(name); o.b = appendAny(o.b, v) }

// open starts an object member; close ends it.
func (o *obj) open(name string) obj { o.key(name); return obj{b: append(o.b, '{')} }
func (o *obj) close(inner obj)      { o.b = append(inner.b, '}') }

// appendJSON appends the record as JSON.
func (r *Record) appendJSON(b []byte) []byte {
	o := obj{b: append(b, '{')}
	o.str("eventVersion", r.EventVersion)
	o.close(r.UserIdentity.members(o.open("userIdentity")))
	o.str("eventTime", r.EventTime)
	o.str("eventSource", r.EventSource)
	o.str("eventName", r.EventName)
	o.str("awsRegion", r.AWSRegion)
	o.str("sourceIPAddress", r.SourceIPAddress)
	o.str("userAgent", r.UserAgent)
	o.opt("errorCode", r.ErrorCode)
	o.opt("errorMessage", r.ErrorMessage)
	o.value("requestParameters", r.RequestParameters)
	o.value("responseElements", r.ResponseElements)
	if len(r.AdditionalEventData) > 0 {
		o.value("additionalEventData", r.AdditionalEventData)
	}
	o.str("requestID", r.RequestID)
	o.str("eventID", r.EventID)
	o.boolean("readOnly", r.ReadOnly)
	if len(r.Resources) > 0 {
		o.key("resources")
		o.b = appendList(o.b, r.Resources, func(ro *obj, res Resource) {
			ro.str("type", res.Type)
			ro.opt("ARN", res.Name)
		})
	}
	o.str("eventType", r.EventType)
	o.boolean("managementEvent", r.ManagementEvent)
	o.str("recipientAccountId", r.RecipientAccountID)
	o.str("eventCategory", r.EventCategory)
	if t := r.TLSDetails; t != nil {
		to := o.open("tlsDetails")
		to.str("tlsVersion", t.TLSVersion)
		to.str("cipherSuite", t.CipherSuite)
		to.str("clientProvidedHostHeader", t.ClientProvidedHostHeader)
		o.close(to)
	}
	return append(o.b, '}')
}

// members writes the userIdentity's members into o.
func (id *UserIdentity) members(o obj) obj {
	o.str("type", id.Type)
	o.opt("principalId", id.PrincipalID)
	o.opt("arn", id.ARN)
	o.opt("accountId", id.AccountID)
	o.opt("accessKeyId", id.AccessKeyID)
	o.opt("userName", id.UserName)
	o.opt("identityProvider", id.IdentityProvider)
	if s := id.SessionContext; s != nil {
		so := o.open("sessionContext")
		if i := s.SessionIssuer; i != nil {
			io := so.open("sessionIssuer")
			io.str("type", i.Type)
			io.str("principalId", i.PrincipalID)
			io.str("arn", i.ARN)
			io.str("accountId", i.AccountID)
			io.str("userName", i.UserName)
			so.close(io)
		}
		ao := so.open("attributes")
		ao.str("creationDate", s.Attributes.CreationDate)
		ao.str("mfaAuthenticated", s.Attributes.MFAAuthenticated)
		so.close(ao)
		so.opt("sourceIdentity", s.SourceIdentity)
		o.close(so)
	}
	return o
}

// appendAny appends a value of requestParameters, responseElements or additionalEventData.
func appendAny(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case map[string]any:
		if x == nil {
			return append(b, "null"...)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		o := obj{b: append(b, '{')}
		for _, k := range keys {
			o.sep()
			o.b = appendAny(append(appendString(o.b, k), ':'), x[k])
		}
		return append(o.b, '}')
	case []any:
		return appendArray(b, x, appendAny)
	case []authz.Explanation:
		return appendList(b, x, explanation)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, j...)
}

// explanation writes a decision's members.
func explanation(o *obj, x authz.Explanation) {
	o.str("action", x.Action)
	o.str("resource", x.Resource)
	o.str("decision", x.Decision)
	o.opt("enforcement", x.Enforcement)
	o.opt("reason", x.Reason)
	o.key("matchedStatements")
	o.b = appendList(o.b, x.MatchedStatements, func(mo *obj, m authz.MatchedStatement) {
		mo.str("policyType", m.PolicyType)
		mo.opt("policy", m.Policy)
		mo.integer("policyIndex", m.PolicyIndex)
		mo.integer("statementIndex", m.StatementIndex)
		mo.opt("sid", m.Sid)
		mo.str("effect", m.Effect)
	})
	o.key("missingContextKeys")
	o.b = appendArray(o.b, x.MissingContextKeys, appendString)
}

// appendList appends xs as an array of objects whose members each writes; nil is null.
func appendList[T any](b []byte, xs []T, each func(*obj, T)) []byte {
	return appendArray(b, xs, func(b []byte, x T) []byte {
		o := obj{b: append(b, '{')}
		each(&o, x)
		return append(o.b, '}')
	})
}

// appendArray appends xs as an array of the values each appends; nil is null.
func appendArray[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string escaped as encoding/json escapes it by default.
func appendString(b []byte, s string) []byte { return jsonstr.Append(b, s, jsonstr.LikeEncodingJSON) }
