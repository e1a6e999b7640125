package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHelp: help asked for is a success (usage on stdout, exit 0), in every spelling, for the
// command and for every subcommand — none of them takes "--help" for a file name or an
// argument. Help not asked for (no command at all) is a usage error, exit 2 on stderr.
func TestHelp(t *testing.T) {
	t.Parallel()
	invocations := [][]string{
		{"--help"}, {"-h"}, {"-help"}, {"help"},
		{"help", "serve"}, {"help", "policy"},
	}
	for name := range commands {
		invocations = append(invocations, []string{name, "--help"}, []string{name, "-h"})
	}
	for _, sub := range [][]string{
		{"policy", "evaluate"}, {"policy", "validate"}, {"policy", "validate", "--checks"},
		{"policy", "check-no-new-access"}, {"policy", "check-access-not-granted"}, {"policy", "check-no-public-access"},
		{"accounts", "create"}, {"accounts", "list"}, {"accounts", "rotate-root-key"}, {"accounts", "set-root-password"},
	} {
		invocations = append(invocations, append(sub, "--help"), append(sub, "-h"), append(sub, "-", "--help"))
	}
	for _, args := range invocations {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd("", args...)
			if code != 0 || !strings.Contains(stdout, "usage:") || stderr != "" {
				t.Errorf("gatehouse %s: exit %d, stdout %q, stderr %q; want exit 0, the usage on stdout, nothing on stderr",
					strings.Join(args, " "), code, stdout, stderr)
			}
		})
	}
	if code, stdout, stderr := runCmd("", "serve", "--help"); code != 0 || !strings.Contains(stdout, "-read-timeout") {
		t.Errorf("serve --help: exit %d, stdout %q, stderr %q; want the flags listed", code, stdout, stderr)
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"help", "frobnicate"}} {
		if code, stdout, stderr := runCmd("", args...); code != 2 || stdout != "" || !strings.Contains(stderr, "usage:") {
			t.Errorf("gatehouse %v: exit %d, stdout %q, stderr %q; want exit 2 and the usage on stderr", args, code, stdout, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCmd("", args...)
		if code != 0 || !strings.HasPrefix(stdout, "gatehouse ") || !strings.Contains(stdout, runtime.GOOS+"/"+runtime.GOARCH) || stderr != "" {
			t.Errorf("gatehouse %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "9d52e8217fc0a3b4c5d6e7f8091a2b3c4d5e6f70"}, {Key: "vcs.modified", Value: "true"}}}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name, set string
		bi        *debug.BuildInfo
		want      string
	}{
		{"from a checkout", "", bi, "gatehouse devel (commit 9d52e8217fc0, modified, go1.26.0 " + platform + ")"},
		{"set with -ldflags -X main.version", "v1.4.0", bi, "gatehouse v1.4.0 (commit 9d52e8217fc0, modified, go1.26.0 " + platform + ")"},
		{"go install …@v1.3.2", "", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.3.2"}},
			"gatehouse v1.3.2 (go1.26.0 " + platform + ")"},
	} {
		if got := versionLine(tc.set, tc.bi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestPolicyEvaluateBatch: several request files, or JSON lines on stdin, give one JSON line per
// request in input order, each naming its input; a malformed request is reported in its place
// (and on stderr) without stopping the others, and makes the exit status 2.
func TestPolicyEvaluateBatch(t *testing.T) {
	t.Parallel()
	compact := func(s string) string {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	allow := compact(exampleRequest)
	deny := compact(strings.Replace(exampleRequest, `"s3:GetObject",
  "resource"`, `"s3:PutObject",
  "resource"`, 1))
	allowFile, denyFile := writeTemp(t, exampleRequest), writeTemp(t, deny)
	badFile := writeTemp(t, `{"principal": {"type": "user"}, "action": 7}`)

	type line struct {
		Input    string `json:"input"`
		Decision string `json:"decision"`
		Error    bool   `json:"-"`
	}
	parse := func(t *testing.T, stdout string) []line {
		var out []line
		for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			var raw map[string]any
			if err := json.Unmarshal([]byte(l), &raw); err != nil {
				t.Fatalf("output line %q is not JSON: %v", l, err)
			}
			var x line
			json.Unmarshal([]byte(l), &x)
			_, x.Error = raw["error"]
			out = append(out, x)
		}
		return out
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  []line
	}{
		{"files", []string{allowFile, denyFile}, "", 0,
			[]line{{allowFile, "Allow", false}, {denyFile, "ImplicitDeny", false}}},
		{"JSON lines on stdin, blank lines skipped", []string{"-"}, allow + "\n\n" + deny + "\n" + allow + "\n", 0,
			[]line{{"-:1", "Allow", false}, {"-:3", "ImplicitDeny", false}, {"-:4", "Allow", false}}},
		{"a malformed request among good ones", []string{allowFile, badFile, "-"}, deny, 2,
			[]line{{allowFile, "Allow", false}, {badFile, "", true}, {"-:1", "ImplicitDeny", false}}},
		{"a line that is not JSON ends the stream", []string{"-"}, allow + "\n{not json\n" + allow, 2,
			[]line{{"-:1", "Allow", false}, {"-:2", "", true}}},
		{"--jsonl for one request", []string{"--jsonl", allowFile}, "", 0, []line{{allowFile, "Allow", false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd(tc.stdin, append([]string{"policy", "evaluate"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tc.code, stderr)
			}
			if diff := cmp.Diff(tc.want, parse(t, stdout)); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			for _, l := range tc.want {
				if l.Error && !strings.Contains(stderr, l.Input+": ") {
					t.Errorf("stderr does not name the failed input %s:\n%s", l.Input, stderr)
				}
			}
		})
	}
}
