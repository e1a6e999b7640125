package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The check commands, driven as a CI job would: files in, the Access Analyzer response out,
// the exit status deciding the job.
func TestPolicyCheckCommands(t *testing.T) {
	t.Parallel()
	const existing = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
		"Resource":["arn:aws:s3:::amzn-s3-demo-bucket","arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}`
	const updated = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectAcl","s3:ListBucket"],
		"Resource":["arn:aws:s3:::amzn-s3-demo-bucket","arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}`
	const bucket = `{"Version":"2012-10-17","Statement":[{"Sid":"Bob","Effect":"Allow","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}`
	oldF, newF, bucketF := writeTemp(t, existing), writeTemp(t, updated), writeTemp(t, bucket)
	type response struct {
		Result  string
		Message string
		Reasons []struct {
			Description    string
			StatementIndex int
			StatementID    string
		}
	}
	cases := []struct {
		name     string
		args     []string
		code     int
		result   string
		reason   string
		stderrIn string
	}{
		{"new access fails", []string{"check-no-new-access", newF, oldF}, 1, "FAIL", "New access in the statement with index: 0.", "s3:GetObjectAcl"},
		{"no new access passes", []string{"check-no-new-access", oldF, newF}, 0, "PASS", "", ""},
		{"listed action granted", []string{"check-access-not-granted", "--actions", "s3:GetObjectAcl,s3:DeleteBucket", newF}, 1, "FAIL",
			"One or more of the listed actions in the statement with index: 0.", ""},
		{"listed action not granted", []string{"check-access-not-granted", "--actions", "s3:DeleteBucket", newF}, 0, "PASS", "", ""},
		{"listed resource", []string{"check-access-not-granted", "--resources", "arn:aws:s3:::other/*", newF}, 0, "PASS", "", ""},
		{"public bucket", []string{"check-no-public-access", "--resource-type", "AWS::S3::Bucket", bucketF}, 1, "FAIL",
			"Public access granted in the following statement with sid: Bob.", "anonymous"},
		{"resource policy type", []string{"check-no-new-access", "--policy-type", "resource", bucketF, bucketF}, 0, "PASS", "", ""},
	}
	for _, c := range cases {
		code, out, errOut := runCmd("", append([]string{"policy"}, c.args...)...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (stderr %s)", c.name, code, c.code, errOut)
			continue
		}
		var r response
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Errorf("%s: output is not JSON: %v\n%s", c.name, err, out)
			continue
		}
		if r.Result != c.result || r.Message == "" {
			t.Errorf("%s: %+v", c.name, r)
		}
		if c.reason != "" && (len(r.Reasons) != 1 || r.Reasons[0].Description != c.reason) {
			t.Errorf("%s: reasons %+v, want %q", c.name, r.Reasons, c.reason)
		}
		if !strings.Contains(errOut, c.stderrIn) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errOut, c.stderrIn)
		}
	}
	for _, bad := range [][]string{
		{"check-no-new-access", newF},
		{"check-no-public-access", "--resource-type", "AWS::Nope::Thing", bucketF},
		{"check-no-new-access", "--policy-type", "scp", newF, oldF},
		{"check-access-not-granted", newF},
		{"check-no-new-access", writeTemp(t, `{"Statement":[`), oldF},
	} {
		if code, _, _ := runCmd("", append([]string{"policy"}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
