package sigv4

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	algorithm     = "AWS4-HMAC-SHA256"
	terminator    = "aws4_request"
	amzDateLayout = "20060102T150405Z"
	scopeDate     = "20060102"
)

// Scope is the credential scope a signature is bound to: the signing day, region and service.
type Scope struct {
	Date    string // YYYYMMDD
	Region  string
	Service string
}

// String is the scope as it appears in a credential and in the string to sign.
func (s Scope) String() string { return s.Date + "/" + s.Region + "/" + s.Service + "/" + terminator }

// Auth is a request's authentication, parsed and checked for everything that needs no secret.
// It carries what the caller needs to find the secret and, later, to build the principal.
type Auth struct {
	// Algorithm is the signing algorithm the request names: AWS4-HMAC-SHA256, or one of the
	// Verifier's Algorithms (IAM Roles Anywhere's AWS4-X509-RSA-SHA256, say).
	Algorithm string
	// AccessKeyID is the credential's first element: an access key ID, or for the X.509
	// algorithms the signing certificate's decimal serial number.
	AccessKeyID string
	Scope       Scope
	// SignedHeaders are the header names the signature covers, as the client listed them.
	SignedHeaders []string
	// SecurityToken is the X-Amz-Security-Token of a request made with temporary credentials.
	SecurityToken string
	// Time is the signing time (X-Amz-Date, or the Date header).
	Time time.Time
	// Presigned is true for the query-string form.
	Presigned bool
	// Expires is a presigned request's X-Amz-Expires; zero when absent.
	Expires time.Duration

	// signature is the decoded Signature; sigOK is false when it was not 64 hex digits, in
	// which case no secret can match it.
	signature [32]byte
	sigOK     bool
	// rawSig is the decoded Signature of a non-HMAC algorithm (any length up to
	// maxRawSignature bytes); nil when it was not hex.
	rawSig []byte
}

// Signature is the decoded signature of a request signed with one of the Verifier's
// Algorithms (an RSA or ECDSA signature for the X.509 algorithms); nil when it was not hex or
// for AWS4-HMAC-SHA256, whose signature only Verify checks.
func (a *Auth) Signature() []byte { return a.rawSig }

// Verifier authenticates requests. Its zero value uses the system clock, accepts any
// well-formed region and derives a signing key for every request.
type Verifier struct {
	// Now is the clock requests are checked against.
	Now func() time.Time
	// ValidRegion reports whether a credential scope's region is served here; nil accepts any
	// well-formed region name.
	ValidRegion func(region string) bool
	// Cache, when set, keeps derived signing keys between requests.
	Cache *KeyCache
	// Algorithms, when set, are the Authorization-header algorithms Parse accepts instead of
	// AWS4-HMAC-SHA256: algorithms that sign SigV4's string to sign with another key (IAM Roles
	// Anywhere's AWS4-X509-RSA-SHA256 and AWS4-X509-ECDSA-SHA256). Such requests are checked
	// with VerifyWith; the presigned form stays AWS4-HMAC-SHA256 only.
	Algorithms []string
	// BodyHashOnly makes the canonical request's payload line the SHA-256 of the body, whatever
	// X-Amz-Content-Sha256 says: the rule of every AWS service but Amazon S3 and the few
	// operations whose models allow an unsigned body. A client that signed UNSIGNED-PAYLOAD, or
	// the hash of another body, then fails with SignatureDoesNotMatch, as AWS answers it. False
	// is S3's rule: the header's value (UNSIGNED-PAYLOAD included) is signed, and a body that
	// does not match the hash it names is XAmzContentSHA256Mismatch.
	BodyHashOnly bool
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// fields are the authentication parameters as the request carries them, before validation.
type fields struct {
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
	date          string
	dateIsHTTP    bool // date came from the Date header, in HTTP-date format
	expires       string
	hasExpires    bool
	token         string
	presigned     bool
}

// Parse extracts and checks r's SigV4 authentication, in the order AWS checks it: presence,
// well-formedness, clock skew, signed Host, algorithm, credential shape, then scope. service is
// the signing name the endpoint expects ("iam", "sts"); empty accepts the scope's own.
// Every failure is an *Error.
func (v *Verifier) Parse(r *http.Request, service string) (*Auth, error) {
	if r == nil || r.URL == nil {
		return nil, errMissingToken()
	}
	header, hasHeader := first(r.Header["Authorization"])
	q := readAuthQuery(r.URL.RawQuery)

	var f fields
	var err *Error
	switch {
	case hasHeader && q.hasAlgorithm:
		// AWS refuses a request authenticated both ways.
		return nil, errMismatch(msgSignatureMismatch)
	case hasHeader:
		f, err = headerFields(r, header)
	case q.hasAlgorithm:
		f, err = queryFields(r, q)
	default:
		return nil, errMissingToken()
	}
	if err != nil {
		return nil, err
	}
	a, err := v.check(f, service)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// headerFields reads the Authorization-header form.
func headerFields(r *http.Request, header string) (fields, *Error) {
	p, err := parseAuthorization(header)
	if err != nil {
		return fields{}, err
	}
	f := fields{algorithm: p.algorithm, credential: p.credential, signedHeaders: p.signedHeaders, signature: p.signature}
	var missing []string
	if !p.hasCredential {
		missing = append(missing, "Authorization header requires 'Credential' parameter.")
	}
	if !p.hasSignature {
		missing = append(missing, "Authorization header requires 'Signature' parameter.")
	}
	if !p.hasSignedHeaders {
		missing = append(missing, "Authorization header requires 'SignedHeaders' parameter.")
	}
	if d, ok := first(r.Header["X-Amz-Date"]); ok {
		f.date = d
	} else if d, ok := first(r.Header["Date"]); ok {
		f.date, f.dateIsHTTP = d, true
	} else {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) > 0 {
		// AWS ends this message with "Authorization=<the header>"; we repeat only the
		// algorithm, since the rest may hold a signature.
		return fields{}, errIncomplete("%s Authorization=%s", strings.Join(missing, " "), echoName(p.algorithm))
	}
	f.token, _ = first(r.Header["X-Amz-Security-Token"])
	return f, nil
}

// authParams are the parts of an Authorization header.
type authParams struct {
	algorithm                                     string
	credential, signedHeaders, signature          string
	hasCredential, hasSignedHeaders, hasSignature bool
}

// parseAuthorization splits an Authorization header value,
// "AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex".
// A header that is not SigV4 at all is a missing token, as AWS treats it; a parameter without
// "=" is an incomplete signature. When a parameter repeats, the last one wins, as in AWS.
func parseAuthorization(h string) (authParams, *Error) {
	h = trimOWS(h)
	if !strings.HasPrefix(h, "AWS4-") {
		return authParams{}, errMissingToken()
	}
	var p authParams
	if i := strings.IndexAny(h, " \t"); i >= 0 {
		p.algorithm, h = h[:i], h[i+1:]
	} else {
		p.algorithm, h = h, ""
	}
	for h != "" {
		var part string
		part, h, _ = strings.Cut(h, ",")
		part = trimOWS(part)
		if part == "" {
			continue
		}
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return authParams{}, errIncomplete("'%s' not a valid key=value pair (missing equal-sign) in Authorization header.", echoName(part))
		}
		switch k {
		case "Credential":
			p.credential, p.hasCredential = val, true
		case "SignedHeaders":
			p.signedHeaders, p.hasSignedHeaders = val, true
		case "Signature":
			p.signature, p.hasSignature = val, true
		}
	}
	return p, nil
}

// authQuery holds the first value of each presigned-form query parameter.
type authQuery struct {
	algorithm, credential, signedHeaders, signature, date, expires, token string

	hasAlgorithm, hasCredential, hasSignedHeaders, hasSignature, hasDate, hasExpires bool
}

// readAuthQuery picks the presigned-form parameters out of a raw query in one pass; the first
// occurrence of each counts, as in AWS.
func readAuthQuery(raw string) authQuery {
	var q authQuery
	if !strings.Contains(raw, "X-Amz-") && !strings.Contains(raw, "%") {
		return q
	}
	forEachPair(raw, func(k, v string) {
		switch unescape(k) {
		case "X-Amz-Algorithm":
			if !q.hasAlgorithm {
				q.algorithm, q.hasAlgorithm = unescape(v), true
			}
		case "X-Amz-Credential":
			if !q.hasCredential {
				q.credential, q.hasCredential = unescape(v), true
			}
		case "X-Amz-SignedHeaders":
			if !q.hasSignedHeaders {
				q.signedHeaders, q.hasSignedHeaders = unescape(v), true
			}
		case "X-Amz-Signature":
			if !q.hasSignature {
				q.signature, q.hasSignature = unescape(v), true
			}
		case "X-Amz-Date":
			if !q.hasDate {
				q.date, q.hasDate = unescape(v), true
			}
		case "X-Amz-Expires":
			if !q.hasExpires {
				q.expires, q.hasExpires = unescape(v), true
			}
		case "X-Amz-Security-Token":
			if q.token == "" {
				q.token = unescape(v)
			}
		}
	})
	return q
}

// queryFields reads the presigned form.
func queryFields(r *http.Request, q authQuery) (fields, *Error) {
	if q.algorithm != algorithm {
		return fields{}, errMissingToken()
	}
	var missing []string
	if !q.hasCredential {
		missing = append(missing, "AWS query-string parameters must include 'X-Amz-Credential'.")
	}
	if !q.hasSignature {
		missing = append(missing, "AWS query-string parameters must include 'X-Amz-Signature'.")
	}
	if !q.hasSignedHeaders {
		missing = append(missing, "AWS query-string parameters must include 'X-Amz-SignedHeaders'.")
	}
	if !q.hasDate {
		missing = append(missing, "AWS query-string parameters must include 'X-Amz-Date'.")
	}
	if len(missing) > 0 {
		return fields{}, errIncomplete("%s Re-examine the query-string parameters.", strings.Join(missing, " "))
	}
	f := fields{
		algorithm: q.algorithm, credential: q.credential, signedHeaders: q.signedHeaders, signature: q.signature,
		date: q.date, expires: q.expires, hasExpires: q.hasExpires, token: q.token, presigned: true,
	}
	if f.token == "" {
		f.token, _ = first(r.Header["X-Amz-Security-Token"])
	}
	return f, nil
}

// check validates the parsed fields in AWS's order and builds the Auth.
func (v *Verifier) check(f fields, service string) (*Auth, *Error) {
	t, ok := parseDate(f.date, f.dateIsHTTP)
	if !ok {
		return nil, errIncomplete("Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", echo(f.date))
	}
	a := &Auth{Time: t, Presigned: f.presigned, SecurityToken: f.token}
	if f.hasExpires {
		d, err := parseExpires(f.expires)
		if err != nil {
			return nil, err
		}
		a.Expires = d
	}

	now := v.now().UTC()
	if t.After(now.Add(MaxSkew)) {
		return nil, errNotYetCurrent(t, now)
	}
	window := MaxSkew
	if f.hasExpires {
		window = a.Expires
	}
	if t.Before(now.Add(-window)) {
		return nil, errExpired(t, now, window)
	}

	if f.signedHeaders != "" {
		a.SignedHeaders = strings.Split(f.signedHeaders, ";")
	}
	if len(a.SignedHeaders) > maxSignedHeaders {
		return nil, errIncomplete("SignedHeaders lists %d headers; at most %d are accepted.", len(a.SignedHeaders), maxSignedHeaders)
	}
	if !signsHost(a.SignedHeaders) {
		return nil, errMismatch(msgHostNotSigned)
	}

	if !v.accepts(f.algorithm) {
		return nil, errIncomplete("Unsupported AWS 'algorithm': '%s' (only %s for now). ", echoName(f.algorithm), v.firstAlgorithm())
	}
	a.Algorithm = f.algorithm

	parts, ok := splitCredential(f.credential)
	if !ok {
		return nil, errIncomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", echo(f.credential))
	}
	a.AccessKeyID = parts[0]
	a.Scope = Scope{Date: parts[1], Region: parts[2], Service: parts[3]}

	// AWS reports every scope problem at once, each sentence followed by a space.
	var msg strings.Builder
	if !v.validRegion(a.Scope.Region) {
		msg.WriteString("Credential should be scoped to a valid region, not '" + echo(a.Scope.Region) + "'. ")
	}
	if service != "" && a.Scope.Service != service {
		msg.WriteString("Credential should be scoped to correct service: '" + service + "'. ")
	}
	if parts[4] != terminator {
		msg.WriteString("Credential should be scoped with a valid terminator: '" + terminator + "', not '" + echo(parts[4]) + "'. ")
	}
	var day [len(scopeDate)]byte
	if d := t.AppendFormat(day[:0], scopeDate); a.Scope.Date != string(d) {
		msg.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			echo(a.Scope.Date) + "' != '" + string(d) + "', from '" + amzDate(t) + "'.")
	}
	if msg.Len() > 0 {
		return nil, errMismatch(msg.String())
	}

	switch {
	case a.Algorithm != algorithm:
		if len(f.signature) <= 2*maxRawSignature {
			a.rawSig, _ = hex.DecodeString(f.signature)
		}
	case len(f.signature) == 2*len(a.signature):
		_, err := hex.Decode(a.signature[:], []byte(f.signature))
		a.sigOK = err == nil
	}
	return a, nil
}

func (v *Verifier) accepts(alg string) bool {
	if v.Algorithms == nil {
		return alg == algorithm
	}
	for _, a := range v.Algorithms {
		if a == alg {
			return true
		}
	}
	return false
}

func (v *Verifier) firstAlgorithm() string {
	if len(v.Algorithms) > 0 {
		return v.Algorithms[0]
	}
	return algorithm
}

// splitCredential splits "keyid/date/region/service/terminator"; trailing slashes are ignored,
// as AWS ignores them.
func splitCredential(c string) ([5]string, bool) {
	var parts [5]string
	c = strings.TrimRight(c, "/")
	for i := range 4 {
		var ok bool
		parts[i], c, ok = strings.Cut(c, "/")
		if !ok {
			return parts, false
		}
	}
	parts[4] = c
	return parts, !strings.Contains(c, "/")
}

func (v *Verifier) validRegion(region string) bool {
	if v.ValidRegion != nil {
		return v.ValidRegion(region)
	}
	return wellFormedRegion(region)
}

// wellFormedRegion accepts names shaped like AWS regions ("us-east-1", "eu-central-2"):
// lower-case letters, digits and inner hyphens.
func wellFormedRegion(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func signsHost(names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, "host") || n == ":authority" {
			return true
		}
	}
	return false
}

// parseDate reads X-Amz-Date's ISO 8601 basic format, or an HTTP date from the Date header.
func parseDate(s string, httpDate bool) (time.Time, bool) {
	if httpDate {
		t, err := parseHTTPDate(s)
		return t, err == nil
	}
	if len(s) != len(amzDateLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(amzDateLayout, s)
	return t, err == nil
}

func parseHTTPDate(s string) (time.Time, error) {
	t, err := http.ParseTime(s)
	return t.UTC(), err
}

// parseExpires reads X-Amz-Expires, a whole number of seconds up to MaxPresignExpires.
// The messages are S3's, the one service whose answers AWS documents.
func parseExpires(s string) (time.Duration, *Error) {
	neg := strings.HasPrefix(s, "-")
	if !isDigits(strings.TrimPrefix(s, "-")) {
		return 0, errIncomplete("X-Amz-Expires should be a number")
	}
	if neg {
		return 0, errIncomplete("X-Amz-Expires must be non-negative")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > int64(MaxPresignExpires/time.Second) {
		return 0, errIncomplete("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than %d seconds", int64(MaxPresignExpires/time.Second))
	}
	return time.Duration(n) * time.Second, nil
}

func amzDate(t time.Time) string { return t.UTC().Format(amzDateLayout) }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func first(vs []string) (string, bool) {
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// trimOWS trims HTTP optional whitespace (spaces and tabs).
func trimOWS(s string) string { return strings.Trim(s, " \t") }
