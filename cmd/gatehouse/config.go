package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/internal/memlimit"
	"github.com/gatehouse-iam/gatehouse/keyring"
)

// Defaults of `gatehouse serve`.
const (
	defaultAddr    = "127.0.0.1:4599"
	defaultDataDir = "./gatehouse-data"
	// defaultReadTimeout is how long a client may take to send one request, headers and body,
	// once its first byte has arrived; a slower one (a slowloris holding a connection open by
	// dribbling its body) is answered RequestTimeout and disconnected. AWS publishes the error
	// (S3's RequestTimeout, "Your socket connection to the server was not read from or written
	// to within the timeout period") but not the value. 20 seconds carries the largest request
	// Gatehouse accepts (api.MaxBodyBytes, 1 MiB) at 50 KiB/s; an IAM or STS request is a few
	// kilobytes (a policy document at most 131,072 characters).
	defaultReadTimeout = 20 * time.Second
	// defaultDrainTimeout is how long SIGTERM waits for in-flight requests: every IAM and STS
	// operation answers in milliseconds, so 10 seconds is ample, and well inside the 30-second
	// grace period Kubernetes gives a pod before SIGKILL.
	defaultDrainTimeout = 10 * time.Second
	// maxConfigFile caps the --config file: a handful of settings.
	maxConfigFile = 64 << 10
)

// The secrets come only from the environment, so they never sit in a config file or show in a
// process listing.
const (
	envRootKeyID  = "GATEHOUSE_ROOT_ACCESS_KEY_ID"
	envRootSecret = "GATEHOUSE_ROOT_SECRET_ACCESS_KEY"
	envMasterKey  = keyring.EnvVar
)

// config is every setting of `gatehouse serve`.
type config struct {
	Addr      string
	DataDir   string
	Ephemeral bool
	TLSCert   string
	TLSKey    string
	LogLevel  string
	AccountID string
	// PublicURL is the base URL clients reach this server at, when it is not the listen address
	// (behind a proxy or load balancer): the issuer of outbound web identity federation.
	PublicURL string
	// ReadTimeout bounds the reading of one request (headers and body); 0 means
	// defaultReadTimeout.
	ReadTimeout time.Duration
	// DrainTimeout bounds how long SIGTERM waits for in-flight requests; 0 means
	// defaultDrainTimeout.
	DrainTimeout time.Duration
	// DatabaseURL, when set, is the PostgreSQL database shared by every node (instead of the
	// embedded SQLite in DataDir).
	DatabaseURL string
	// AuditRetention is how long audit events are kept; 0 means audit.DefaultRetention.
	AuditRetention time.Duration
	// AuditExport is where every audit record is copied as a line of JSON: "" nowhere, "stdout",
	// or a file (appended to).
	AuditExport string
	// Enforcement is "enforce" (the default) or "audit": denials recorded but let through.
	Enforcement string
	// MetricsAddr, when set, also serves /metrics on a listener of its own.
	MetricsAddr string
	// LogFormat is "text" (the default) or "json".
	LogFormat string
	// MemoryLimit is the Go heap's soft limit in bytes (memlimit.Guard); 0 or memlimit.Off
	// leaves what GOMEMLIMIT says.
	MemoryLimit int64

	// Secrets: environment only.
	RootKey   *iam.RootKey
	MasterKey string
}

// setting is one knob of `gatehouse serve`. Its config-file key, environment variable and flag
// all derive from key ("data_dir": GATEHOUSE_DATA_DIR, --data-dir), so a setting is one entry
// here rather than four places to keep in step.
type setting struct {
	key    string
	usage  string
	isBool bool
	set    func(c *config, v string) error
}

func (s setting) env() string  { return "GATEHOUSE_" + strings.ToUpper(s.key) }
func (s setting) flag() string { return strings.ReplaceAll(s.key, "_", "-") }

func text(field func(*config) *string) func(*config, string) error {
	return func(c *config, v string) error { *field(c) = v; return nil }
}

func duration(field func(*config) *time.Duration) func(*config, string) error {
	return func(c *config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return errors.New("want a positive duration such as 20s or 1m")
		}
		*field(c) = d
		return nil
	}
}

var settings = []setting{
	{key: "addr", usage: "listen address HOST:PORT; port 0 picks a free port (default " + defaultAddr + ")",
		set: text(func(c *config) *string { return &c.Addr })},
	{key: "data_dir", usage: "directory of the database and the master key file (default " + defaultDataDir + ")",
		set: text(func(c *config) *string { return &c.DataDir })},
	{key: "ephemeral", isBool: true, usage: "keep nothing on disk: in-memory database and master key",
		set: func(c *config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("want true or false")
			}
			c.Ephemeral = b
			return nil
		}},
	{key: "tls_cert", usage: "TLS certificate file (PEM); serve HTTPS", set: text(func(c *config) *string { return &c.TLSCert })},
	{key: "tls_key", usage: "TLS private key file (PEM)", set: text(func(c *config) *string { return &c.TLSKey })},
	{key: "log_level", usage: "log level: debug, info, warn or error (default info)",
		set: text(func(c *config) *string { return &c.LogLevel })},
	{key: "account_id", usage: "the 12-digit ID of the account created on first start (default: random)",
		set: text(func(c *config) *string { return &c.AccountID })},
	{key: "read_timeout", usage: "how long a client may take to send a request, headers and body, before it is answered RequestTimeout and disconnected (default " + defaultReadTimeout.String() + ")",
		set: duration(func(c *config) *time.Duration { return &c.ReadTimeout })},
	{key: "drain_timeout", usage: "how long SIGTERM waits for in-flight requests before closing their connections (default " + defaultDrainTimeout.String() + ")",
		set: duration(func(c *config) *time.Duration { return &c.DrainTimeout })},
	{key: "public_url", usage: "the URL clients reach this server at, if not the listen address (default: the listen address)",
		set: text(func(c *config) *string { return &c.PublicURL })},
	{key: "audit_retention", usage: "how long audit events are kept (default 2160h, CloudTrail's 90 days)",
		set: duration(func(c *config) *time.Duration { return &c.AuditRetention })},
	{key: "audit_export", usage: "copy every audit event as a line of JSON to stdout or to this file (default: nowhere)",
		set: text(func(c *config) *string { return &c.AuditExport })},
	{key: "enforcement", usage: "enforce (default) or audit: in audit mode denials are recorded and counted but let through",
		set: func(c *config, v string) error {
			if v != enforceMode && v != auditMode {
				return errors.New("want enforce or audit")
			}
			c.Enforcement = v
			return nil
		}},
	{key: "log_format", usage: "log lines as text (default) or json (log/slog), each line of a request with its request_id",
		set: func(c *config, v string) error {
			if v != "text" && v != "json" {
				return errors.New("want text or json")
			}
			c.LogFormat = v
			return nil
		}},
	{key: "metrics_addr", usage: "also serve Prometheus /metrics on this HOST:PORT (it is always on the main listener)",
		set: text(func(c *config) *string { return &c.MetricsAddr })},
	{key: "database_url", usage: "postgres://… URL of a PostgreSQL database shared by several nodes (default: SQLite in data_dir)",
		set: text(func(c *config) *string { return &c.DatabaseURL })},
	{key: "memory_limit", usage: "soft limit of the Go heap, as GOMEMLIMIT spells it (800MiB, 2GiB, off): the heap is collected before it passes it, and the limit is lifted while the live heap is within a tenth of it (default: GOMEMLIMIT, else none)",
		set: func(c *config, v string) (err error) { c.MemoryLimit, err = memlimit.Parse(v); return err }},
}

// Enforcement modes.
const (
	enforceMode = "enforce"
	auditMode   = "audit"
)

// envName is the environment variable of the setting with the given key.
func envName(key string) string { return setting{key: key}.env() }

// readTimeout is the configured read timeout or its default.
func (c *config) readTimeout() time.Duration { return cmp.Or(c.ReadTimeout, defaultReadTimeout) }

// drainTimeout is the configured drain timeout or its default.
func (c *config) drainTimeout() time.Duration { return cmp.Or(c.DrainTimeout, defaultDrainTimeout) }

// memoryLimit is the configured soft memory limit, memlimit.Off when none is.
func (c *config) memoryLimit() int64 { return cmp.Or(c.MemoryLimit, memlimit.Off) }

// tls reports whether the server serves HTTPS.
func (c *config) tls() bool { return c.TLSCert != "" }

// level is the configured log level (already validated).
func (c *config) level() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel))
	return l
}

const serveUsage = `usage: gatehouse serve [flags]

Starts the Gatehouse server: IAM and STS over the AWS query protocol, every request
SigV4-authenticated and authorized. Settings come from --config (JSON), then the
environment (GATEHOUSE_ADDR, GATEHOUSE_DATA_DIR, …: GATEHOUSE_ and the upper-cased
key), then flags. Root credentials and master keys come only from the environment
(GATEHOUSE_ROOT_ACCESS_KEY_ID, GATEHOUSE_ROOT_SECRET_ACCESS_KEY, GATEHOUSE_MASTER_KEY).

flags:
`

// loadConfig reads the settings of `gatehouse serve` from a config file, the environment and
// the command line, in that order of precedence (later wins), and reports every problem at
// once.
func loadConfig(args []string, getenv func(string) (string, bool), stderr io.Writer) (*config, error) {
	c := &config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info"}
	fs := newFlagSet("serve", serveUsage, stderr)
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	configPath := fs.String("config", "", "JSON config file (keys: "+strings.Join(keys, ", ")+")")
	type given struct {
		s setting
		v string
	}
	var fromFlags []given
	for _, s := range settings {
		record := func(v string) error { fromFlags = append(fromFlags, given{s, v}); return nil }
		if s.isBool {
			// A boolean flag may stand alone (--ephemeral) or take =true/=false.
			fs.Var(boolFunc(record), s.flag(), s.usage)
		} else {
			fs.Func(s.flag(), s.usage, record)
		}
	}
	var help bytes.Buffer
	if status, done := fs.parse(args, &help); done {
		if status == 0 {
			return nil, helpRequested(help.String())
		}
		return nil, errBadFlags
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	var problems []error
	// from records where each setting's value came from, so that a problem names the place the
	// user has to fix: the config file, the environment variable or the flag.
	from := map[string]string{}
	apply := func(source string, s setting, v string) {
		from[s.key] = source
		if err := s.set(c, v); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", source, err))
		}
	}
	if *configPath != "" {
		values, err := readConfigFile(*configPath)
		if err != nil {
			problems = append(problems, err)
		}
		for _, s := range settings {
			if v, ok := values[s.key]; ok {
				apply("config file "+*configPath+": "+s.key, s, v)
			}
		}
	}
	for _, s := range settings {
		if v, ok := getenv(s.env()); ok && v != "" {
			apply(s.env(), s, v)
		}
	}
	for _, g := range fromFlags {
		apply("--"+g.s.flag(), g.s, g.v)
	}

	if err := c.secretsFromEnv(getenv); err != nil {
		problems = append(problems, err)
	}

	problems = append(problems, c.validate(from)...)
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return c, nil
}

// secretsFromEnv reads the settings only the environment gives, since they are secrets that
// must not appear in a process listing or a file: the master key and a given root key.
func (c *config) secretsFromEnv(getenv func(string) (string, bool)) error {
	if v, ok := getenv(envMasterKey); ok {
		c.MasterKey = v
	}
	keyID, _ := getenv(envRootKeyID)
	secret, _ := getenv(envRootSecret)
	switch {
	case keyID != "" && secret != "":
		c.RootKey = &iam.RootKey{AccessKeyID: keyID, SecretAccessKey: secret}
	case keyID != "" || secret != "":
		return fmt.Errorf("%s and %s must be set together", envRootKeyID, envRootSecret)
	}
	return nil
}

// helpRequested is loadConfig's answer to --help: the usage text, which runServe prints on
// stdout. It matches flag.ErrHelp.
type helpRequested string

func (h helpRequested) Error() string      { return string(h) }
func (helpRequested) Is(target error) bool { return target == flag.ErrHelp }

// errBadFlags is loadConfig's answer to flags the flag package refused (it has said why).
var errBadFlags = errors.New("bad flags")

// boolFunc is a flag.Value for a boolean setting: it may stand alone or take =true/=false.
type boolFunc func(string) error

func (f boolFunc) Set(v string) error { return f(v) }
func (boolFunc) String() string       { return "" }
func (boolFunc) IsBoolFlag() bool     { return true }

// readConfigFile reads a JSON config file: one object whose keys are settings' keys and whose
// values are strings (or, for a boolean setting, a boolean). Unknown keys are errors.
func readConfigFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if len(data) > maxConfigFile {
		return nil, fmt.Errorf("config file %s: larger than %d bytes", path, maxConfigFile)
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("config file %s: more than one JSON value", path)
	}
	values := make(map[string]string, len(raw))
	var problems []error
	for key, v := range raw {
		i := slices.IndexFunc(settings, func(s setting) bool { return s.key == key })
		if i < 0 {
			problems = append(problems, fmt.Errorf("config file %s: unknown field %q", path, key))
			continue
		}
		var str string
		var b bool
		switch {
		case json.Unmarshal(v, &str) == nil:
			values[key] = str
		case settings[i].isBool && json.Unmarshal(v, &b) == nil:
			values[key] = strconv.FormatBool(b)
		default:
			problems = append(problems, fmt.Errorf("config file %s: %s: want a string", path, key))
		}
	}
	return values, errors.Join(problems...)
}

// validate returns every problem of a merged configuration. from names where each setting's
// value came from (by key); a problem with a value names that place.
func (c *config) validate(from map[string]string) []error {
	var problems []error
	bad := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	// origin is " (where the value came from)", or "" for a default.
	origin := func(key string) string {
		if f := from[key]; f != "" {
			return " (" + strings.TrimSuffix(f, ": "+key) + ")"
		}
		return ""
	}
	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr %q%s: want HOST:PORT", c.Addr, origin("addr"))
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("addr %q%s: port must be 0 to 65535", c.Addr, origin("addr"))
	} else if strings.ContainsAny(host, " /") {
		bad("addr %q%s: bad host", c.Addr, origin("addr"))
	}
	if !c.Ephemeral && c.DataDir == "" {
		bad("data_dir%s: must not be empty (or use --ephemeral)", origin("data_dir"))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("tls_cert and tls_key must be given together")
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		bad("log_level %q%s: want debug, info, warn or error", c.LogLevel, origin("log_level"))
	}
	if c.AccountID != "" && !arn.IsAccountID(c.AccountID) {
		bad("account_id %q%s: want 12 digits", c.AccountID, origin("account_id"))
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("public_url %q%s: want an http:// or https:// URL", c.PublicURL, origin("public_url"))
		}
	}
	problems = append(problems, c.validateDatabase()...)
	if c.RootKey != nil {
		if err := iam.CheckRootKey(*c.RootKey); err != nil {
			bad("%s/%s: %v", envRootKeyID, envRootSecret, err)
		}
	}
	if c.MasterKey != "" {
		if _, err := keyring.ParseKeys(c.MasterKey, envMasterKey); err != nil {
			problems = append(problems, err)
		}
	}
	return problems
}

// validateDatabase checks the PostgreSQL settings: a postgres:// URL, not with --ephemeral, and
// a master key from the environment, which every node sharing the database must have.
func (c *config) validateDatabase() []error {
	if c.DatabaseURL == "" {
		return nil
	}
	var problems []error
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// Never echo the URL: it may hold a password.
		problems = append(problems, fmt.Errorf("database_url (%s): want a postgres:// URL", envName("database_url")))
	}
	if c.Ephemeral {
		problems = append(problems, errors.New("database_url and ephemeral cannot be used together"))
	}
	if c.MasterKey == "" {
		problems = append(problems, fmt.Errorf("database_url needs %s: every node sharing the database must seal and "+
			"open secrets with the same master key", envMasterKey))
	}
	return problems
}
