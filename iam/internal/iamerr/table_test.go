package iamerr

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// TestAnswers pins what a client sees of a few messages of each kind of code: the error code,
// the HTTP status and the text with the request's values in it.
func TestAnswers(t *testing.T) {
	for _, c := range []struct {
		got       Message
		args      []any
		code, msg string
		status    int
	}{
		{NoSuchLoginProfile, []any{"bob"}, "NoSuchEntity", "Login Profile for User bob cannot be found.", http.StatusNotFound},
		{UserExists, []any{"bob"}, "EntityAlreadyExists", "User with name bob already exists.", http.StatusConflict},
		{MissingPassword, nil, "ValidationError", "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null", http.StatusBadRequest},
		{WrongOldPassword, nil, "AccessDenied", "The old password is incorrect.", http.StatusForbidden},
		{KeyLastUsedDenied, []any{"arn:aws:iam::123456789012:user/bob", "AKIAEXAMPLE"}, "AccessDenied",
			"User: arn:aws:iam::123456789012:user/bob is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAEXAMPLE", http.StatusForbidden},
		{InvalidPrincipal, []any{"AWS", "arn:aws:iam::1:user/x"}, "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::1:user/x"`, http.StatusBadRequest},
		{TooManyPolicyVersions, []any{5}, "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", http.StatusConflict},
		{ReportNotPresent, nil, "ReportNotPresent", "", http.StatusGone},
	} {
		e := c.got.Err(c.args...)
		if e.Code != c.code || e.Message != c.msg || e.Status != c.status {
			t.Errorf("got %s %d %q, want %s %d %q", e.Code, e.Status, e.Message, c.code, c.status, c.msg)
		}
	}
}

// TestTable checks every row of table.go: a code and a literal text whose verbs are only the
// ones the texts use (%s, %d, %q), so a typo such as "%z" or a stray "%" fails here rather than
// showing as "%!z(…)" in a client's error.
func TestTable(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "table.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	verbs := regexp.MustCompile(`%.`)
	rows := 0
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isMessage(lit.Type) {
			return true
		}
		rows++
		if len(lit.Elts) != 2 {
			t.Errorf("row at %d: want {code, text}", lit.Pos())
			return false
		}
		text, ok := lit.Elts[1].(*ast.BasicLit)
		if !ok || text.Kind != token.STRING {
			t.Errorf("row at %d: the text is not a literal", lit.Pos())
			return false
		}
		s, _ := strconv.Unquote(text.Value)
		for _, v := range verbs.FindAllString(s, -1) {
			if v != "%s" && v != "%d" && v != "%q" {
				t.Errorf("text %q: verb %s", s, v)
			}
		}
		return false
	})
	if rows < 50 {
		t.Errorf("read %d rows of table.go; the parse missed them", rows)
	}
}

func isMessage(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "Message"
}
