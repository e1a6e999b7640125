package fedtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Tool finds an external program a test runs (xmlsec1, aws_signing_helper) on PATH or, for
// programs installed with go install, in $GOPATH/bin. When it is missing the test is skipped
// loudly — or fails under CI (CI=true), where .ci/run installs it.
func Tool(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
		if gp, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			p := filepath.Join(string(trimNL(gp)), "bin", n)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%v is not installed; .ci/run installs it", names)
	}
	t.Skipf("SKIPPED: %v is not installed (apt-get install xmlsec1; go install github.com/aws/rolesanywhere-credential-helper@v1.4.0)", names)
	return ""
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
