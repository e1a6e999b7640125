package analysis

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// TestStatementSpans replays statement positions recorded from AWS's simulator.
func TestStatementSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want []span
	}{
		{
			// aws iam simulate-custom-policy example (AWS CLI reference): 1:38 to 1:167.
			name: "single statement object, minified",
			kind: policy.Identity,
			doc:  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}`,
			want: []span{{1, 38, 1, 167}},
		},
		{
			// A Terraform jsonencode'd policy attached to a role: 1:15 to 1:165.
			name: "array, minified",
			kind: policy.Identity,
			doc: `{"Statement":[{"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":"arn:aws:s3:::awslabs-r20261001-094515-1582130-data/*","Sid":"ReadWriteObjects"},` +
				`{"Action":"s3:ListBucket","Effect":"Allow","Resource":"arn:aws:s3:::awslabs-r20261001-094515-1582130-data","Sid":"ListBucket"}],"Version":"2012-10-17"}`,
			want: []span{{1, 15, 1, 165}, {1, 165, 1, 292}},
		},
		{
			// AdministratorAccess as AWS stores it: 3:17 to 8:6.
			name: "two-space indentation",
			kind: policy.Identity,
			doc:  "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}",
			want: []span{{3, 17, 8, 6}},
		},
		{
			// AmazonS3ReadOnlyAccess, tab-indented: 3:16 to 14:4.
			name: "tabs",
			kind: policy.Identity,
			doc: "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": [\n\t\t{\n\t\t\t\"Effect\": \"Allow\",\n\t\t\t\"Action\": [\n" +
				"\t\t\t\t\"s3:Get*\",\n\t\t\t\t\"s3:List*\",\n\t\t\t\t\"s3:Describe*\",\n\t\t\t\t\"s3-object-lambda:Get*\",\n" +
				"\t\t\t\t\"s3-object-lambda:List*\"\n\t\t\t],\n\t\t\t\"Resource\": \"*\"\n\t\t}\n\t]\n}",
			want: []span{{3, 16, 14, 4}},
		},
		{
			// A minified bucket policy: the second statement starts where the first ends (1:248),
			// before the comma; recorded 1:38–1:248 and 1:248–1:470 (the recorded policy's
			// second statement is two characters shorter than this reconstruction).
			name: "second statement starts at the end of the first",
			kind: policy.Resource,
			doc: `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"*",` +
				`"Resource":["arn:aws:s3:::tims-fancy-bucket/*","arn:aws:s3:::tims-fancy-bucket"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
				`{"Sid":"DenyTimDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":["arn:aws:s3:::tims-fancy-bucket/*"],` +
				`"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::112233445566:role/tims-test-role"}}}]}`,
			want: []span{{1, 38, 1, 248}, {1, 248, 1, 472}},
		},
		{
			name: "CRLF line ends, strings with braces and escapes",
			kind: policy.Identity,
			doc:  "{\r\n\"Statement\": [ {\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/{x}\\\"}\"} ,\r\n  {\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}\r\n]}",
			want: []span{{2, 15, 2, 95}, {2, 95, 3, 51}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, err := policy.Parse([]byte(tc.doc), tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, statementSpans([]byte(tc.doc), doc), cmp.AllowUnexported(span{})); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzStatementSpans: positions and context keys are computed for any text a request may
// carry without panicking, and every span lies within the document.
func FuzzStatementSpans(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}]}`)
	f.Add("{\r\n\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"a:b\":\"${x, 'y'}\"}}}}")
	f.Add(`{"Statement":[{"Sid":"\"}{","Effect":"Allow"} , {}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		contextKeys(text)
		doc, _ := policy.Parse([]byte(text), policy.Identity)
		lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r")
		for _, sp := range statementSpans([]byte(text), doc) {
			if sp.startLine > lines || sp.endLine > lines || sp.startLine > sp.endLine ||
				sp.startLine == sp.endLine && sp.startCol > sp.endCol {
				t.Fatalf("span %+v outside a %d-line document", sp, lines)
			}
		}
	})
}
