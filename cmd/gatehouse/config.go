package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam"
	"github.com/gatehouse-iam/gatehouse/keyring"
)

// Defaults of `gatehouse serve`.
const (
	defaultAddr    = "127.0.0.1:4599"
	defaultDataDir = "./gatehouse-data"
	// maxConfigFile caps the --config file: a handful of settings.
	maxConfigFile = 64 << 10
)

// Environment variables. Settings come from the --config file, then these, then flags; the
// root credentials and the master key come only from the environment, so they never sit in a
// config file or show in a process listing.
const (
	envAddr       = "GATEHOUSE_ADDR"
	envDataDir    = "GATEHOUSE_DATA_DIR"
	envEphemeral  = "GATEHOUSE_EPHEMERAL"
	envTLSCert    = "GATEHOUSE_TLS_CERT"
	envTLSKey     = "GATEHOUSE_TLS_KEY"
	envLogLevel   = "GATEHOUSE_LOG_LEVEL"
	envAccountID  = "GATEHOUSE_ACCOUNT_ID"
	envRootKeyID  = "GATEHOUSE_ROOT_ACCESS_KEY_ID"
	envRootSecret = "GATEHOUSE_ROOT_SECRET_ACCESS_KEY"
	envMasterKey  = keyring.EnvVar
)

// config is every setting of `gatehouse serve`. The JSON names are the --config file's keys.
type config struct {
	Addr      string `json:"addr"`
	DataDir   string `json:"data_dir"`
	Ephemeral bool   `json:"ephemeral"`
	TLSCert   string `json:"tls_cert"`
	TLSKey    string `json:"tls_key"`
	LogLevel  string `json:"log_level"`
	AccountID string `json:"account_id"`

	// Secrets: environment only.
	RootKey   *iam.RootKey `json:"-"`
	MasterKey string       `json:"-"`
}

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
environment (GATEHOUSE_*), then flags.

flags:
`

// loadConfig reads the settings of `gatehouse serve` from a config file, the environment and
// the command line, in that order of precedence (later wins), and reports every problem at
// once.
func loadConfig(args []string, getenv func(string) (string, bool), stderr io.Writer) (*config, error) {
	c := &config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info"}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	var f config
	configPath := fs.String("config", "", "JSON config file (keys: addr, data_dir, ephemeral, tls_cert, tls_key, log_level, account_id)")
	fs.StringVar(&f.Addr, "addr", defaultAddr, "listen address HOST:PORT (port 0 picks a free port)")
	fs.StringVar(&f.DataDir, "data-dir", defaultDataDir, "directory of the database and the master key file")
	fs.BoolVar(&f.Ephemeral, "ephemeral", false, "keep nothing on disk: in-memory database and master key")
	fs.StringVar(&f.TLSCert, "tls-cert", "", "TLS certificate file (PEM); serve HTTPS")
	fs.StringVar(&f.TLSKey, "tls-key", "", "TLS private key file (PEM)")
	fs.StringVar(&f.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	var problems []error
	if *configPath != "" {
		if err := readConfigFile(*configPath, c); err != nil {
			problems = append(problems, err)
		}
	}

	env := func(name string, set func(string) error) {
		if v, ok := getenv(name); ok && v != "" {
			if err := set(v); err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", name, err))
			}
		}
	}
	str := func(dst *string) func(string) error { return func(v string) error { *dst = v; return nil } }
	env(envAddr, str(&c.Addr))
	env(envDataDir, str(&c.DataDir))
	env(envEphemeral, func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		c.Ephemeral = b
		return nil
	})
	env(envTLSCert, str(&c.TLSCert))
	env(envTLSKey, str(&c.TLSKey))
	env(envLogLevel, str(&c.LogLevel))
	env(envAccountID, str(&c.AccountID))
	env(envMasterKey, str(&c.MasterKey))
	keyID, hasID := getenv(envRootKeyID)
	secret, hasSecret := getenv(envRootSecret)
	switch {
	case keyID != "" && secret != "":
		c.RootKey = &iam.RootKey{AccessKeyID: keyID, SecretAccessKey: secret}
	case (hasID && keyID != "") != (hasSecret && secret != ""):
		problems = append(problems, fmt.Errorf("%s and %s must be set together", envRootKeyID, envRootSecret))
	}

	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "addr":
			c.Addr = f.Addr
		case "data-dir":
			c.DataDir = f.DataDir
		case "ephemeral":
			c.Ephemeral = f.Ephemeral
		case "tls-cert":
			c.TLSCert = f.TLSCert
		case "tls-key":
			c.TLSKey = f.TLSKey
		case "log-level":
			c.LogLevel = f.LogLevel
		}
	})

	problems = append(problems, c.validate()...)
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return c, nil
}

// readConfigFile decodes a JSON config file over c, rejecting unknown keys.
func readConfigFile(path string, c *config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	if len(data) > maxConfigFile {
		return fmt.Errorf("config file %s: larger than %d bytes", path, maxConfigFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	if dec.More() {
		return fmt.Errorf("config file %s: more than one JSON value", path)
	}
	return nil
}

// validate returns every problem of a merged configuration.
func (c *config) validate() []error {
	var problems []error
	bad := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr %q: want HOST:PORT", c.Addr)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("addr %q: port must be 0 to 65535", c.Addr)
	} else if strings.ContainsAny(host, " /") {
		bad("addr %q: bad host", c.Addr)
	}
	if !c.Ephemeral && c.DataDir == "" {
		bad("data_dir: must not be empty (or use --ephemeral)")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("tls_cert and tls_key must be given together")
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		bad("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.AccountID != "" && !arn.IsAccountID(c.AccountID) {
		bad("account_id %q (%s): want 12 digits", c.AccountID, envAccountID)
	}
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
