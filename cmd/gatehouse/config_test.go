package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gatehouse.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	testKeyID  = "AKIAIOSFODNN7EXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

func TestConfigPrecedence(t *testing.T) {
	t.Parallel()
	file := writeFile(t, `{"addr":"127.0.0.1:1000","data_dir":"/from/file","log_level":"debug","account_id":"111111111111"}`)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info"}},
		{"file", []string{"--config", file}, nil,
			config{Addr: "127.0.0.1:1000", DataDir: "/from/file", LogLevel: "debug", AccountID: "111111111111"}},
		{"environment over file", []string{"--config", file},
			map[string]string{envName("addr"): "127.0.0.1:2000", envName("account_id"): "222222222222", envName("ephemeral"): "true"},
			config{Addr: "127.0.0.1:2000", DataDir: "/from/file", LogLevel: "debug", AccountID: "222222222222", Ephemeral: true}},
		{"flags over environment", []string{"--config", file, "--addr", "127.0.0.1:0", "--log-level", "warn", "--ephemeral=false"},
			map[string]string{envName("addr"): "127.0.0.1:2000", envName("ephemeral"): "true"},
			config{Addr: "127.0.0.1:0", DataDir: "/from/file", LogLevel: "warn", AccountID: "111111111111"}},
		{"memory limit from the environment and the file", []string{"--config", writeFile(t, `{"memory_limit":"2GiB"}`)},
			map[string]string{envName("memory_limit"): "800MiB"},
			config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info", MemoryLimit: 800 << 20}},
		{"booleans in the file, public URL from the environment", []string{"--config", writeFile(t, `{"ephemeral":true,"public_url":"http://file"}`)},
			map[string]string{envName("public_url"): "https://iam.example.com"},
			config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info", Ephemeral: true, PublicURL: "https://iam.example.com"}},
		{"root key and master key from the environment", []string{"--ephemeral"},
			map[string]string{envRootKeyID: testKeyID, envRootSecret: testSecret, envMasterKey: "k1:" + strings.Repeat("A", 43) + "="},
			config{Addr: defaultAddr, DataDir: defaultDataDir, LogLevel: "info", Ephemeral: true,
				RootKey: &iam.RootKey{AccessKeyID: testKeyID, SecretAccessKey: testSecret}, MasterKey: "k1:" + strings.Repeat("A", 43) + "="}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := loadConfig(tc.args, envOf(tc.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, *got); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	unknown := writeFile(t, `{"addr":"127.0.0.1:1","colour":"blue"}`)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // every one must appear in the error
	}{
		{"unknown file key", []string{"--config", unknown}, nil, []string{`unknown field "colour"`}},
		{"missing file", []string{"--config", "/no/such/file.json"}, nil, []string{"config file"}},
		{"every problem at once", []string{"--addr", "nonsense", "--log-level", "loud", "--tls-cert", "c.pem"},
			map[string]string{envName("account_id"): "12345", envRootKeyID: testKeyID, envName("ephemeral"): "maybe"},
			[]string{`addr "nonsense"`, `log_level "loud"`, "tls_cert and tls_key", `account_id "12345"`,
				envRootKeyID + " and " + envRootSecret + " must be set together", envName("ephemeral")}},
		{"malformed root key", nil, map[string]string{envRootKeyID: "ASIA123", envRootSecret: "short"},
			[]string{"access key ID", "16 to 128 characters"}},
		{"bad master key", nil, map[string]string{envMasterKey: "not-a-key"}, []string{envMasterKey}},
		{"stray argument", []string{"extra"}, nil, []string{"unexpected arguments"}},
		{"bad public URL and a number for a string", []string{"--config", writeFile(t, `{"addr":4599}`), "--public-url", "iam.example.com"}, nil,
			[]string{`public_url "iam.example.com"`, "addr: want a string"}},
		{"database URL without a shared master key, with ephemeral", []string{"--ephemeral"},
			map[string]string{envName("database_url"): "postgres://gh:" + testSecret + "@db.example.com/gatehouse"},
			[]string{envMasterKey, "database_url and ephemeral"}},
		{"database URL not PostgreSQL", []string{"--database-url", "mysql://gh:" + testSecret + "@db/gatehouse"}, nil,
			[]string{"want a postgres:// URL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(tc.args, envOf(tc.env), io.Discard)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("the error shows the secret")
			}
		})
	}
}

// TestConfigErrorsNameTheSource: a bad value is reported with the place it came from — the
// config file's path, the environment variable, or the flag — so the user knows what to fix.
func TestConfigErrorsNameTheSource(t *testing.T) {
	t.Parallel()
	file := writeFile(t, `{"account_id":"12345","log_level":"loud","addr":"nowhere","read_timeout":"soon"}`)
	_, err := loadConfig([]string{"--config", file}, envOf(nil), io.Discard)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`account_id "12345" (config file ` + file + `)`,
		`log_level "loud" (config file ` + file + `)`,
		`addr "nowhere" (config file ` + file + `)`,
		`config file ` + file + `: read_timeout: want a positive duration`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "GATEHOUSE_") {
		t.Errorf("an error about the config file names an environment variable:\n%v", err)
	}

	_, err = loadConfig(nil, envOf(map[string]string{envName("account_id"): "12345"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), `account_id "12345" (GATEHOUSE_ACCOUNT_ID)`) {
		t.Errorf("from the environment: %v, want the variable named", err)
	}
	_, err = loadConfig([]string{"--account-id", "12345"}, envOf(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), `account_id "12345" (--account-id)`) {
		t.Errorf("from a flag: %v, want the flag named", err)
	}
}

func TestConfigTimeouts(t *testing.T) {
	t.Parallel()
	c, err := loadConfig([]string{"--read-timeout", "5s"}, envOf(map[string]string{envName("drain_timeout"): "1m"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.readTimeout() != 5*time.Second || c.drainTimeout() != time.Minute {
		t.Errorf("read %v, drain %v; want 5s and 1m", c.readTimeout(), c.drainTimeout())
	}
	c, err = loadConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.readTimeout() != defaultReadTimeout || c.drainTimeout() != defaultDrainTimeout {
		t.Errorf("defaults: read %v, drain %v", c.readTimeout(), c.drainTimeout())
	}
	for _, v := range []string{"0s", "-1s", "20"} {
		if _, err := loadConfig([]string{"--read-timeout", v}, envOf(nil), io.Discard); err == nil {
			t.Errorf("--read-timeout %s: no error", v)
		}
	}
}
