package console

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/awserr"
)

// dateLayout is how the console shows times.
const dateLayout = "2006-01-02 15:04 UTC"

// pages are the console's templates, one set per page, each the layout with the page's
// "content".
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format(dateLayout)
	},
	"deref": func(p any) any {
		switch v := p.(type) {
		case *string:
			if v == nil {
				return ""
			}
			return *v
		case *time.Time:
			if v == nil {
				return time.Time{}
			}
			return *v
		}
		// Any other pointer (the wire's enums and booleans): its value, the zero value for nil.
		if rv := reflect.ValueOf(p); rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return reflect.Zero(rv.Type().Elem()).Interface()
			}
			return rv.Elem().Interface()
		}
		return p
	},
	"pathEscape": url.PathEscape,
	// dict builds a map for a sub-template: dict "Key" value "Key2" value2.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"prefix": func() string { return Prefix },
	"list":   func(v ...string) []string { return v },
	"short":  shortLabel,
	"plus":   func(a, b int) int { return a + b },
	"col":    func(i int) int { return margin/2 + i*colWidth },
	// field reads a *bool field of a struct by name (false when nil).
	"field": func(v any, name string) bool {
		f := reflect.Indirect(reflect.ValueOf(v)).FieldByName(name)
		if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
			return false
		}
		b, _ := f.Elem().Interface().(bool)
		return b
	},
}

func loadPages() pages {
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
		"templates/_*.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	p := pages{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(templateFS, name))
		p[strings.TrimSuffix(base, ".html")] = t
	}
	return p
}

// view is what every page template gets.
type view struct {
	Title string
	// Section is the navigation entry to mark current.
	Section string
	CSRF    string
	// Who is the signed-in principal's ARN, "" before sign-in; Account its account.
	Who, Account string
	// Root: the account's root user is signed in (its security credentials page is in the menu).
	Root      bool
	Error     string
	ErrorCode string
	Notice    string
	Data      any
	// err, when set, is an API error to show (its code and message) with its status.
	err error
}

// status is the HTTP status of a page showing v: its error's, or 200.
func (v *view) status() int {
	if e := apiError(v.err); e != nil {
		v.Error, v.ErrorCode = e.Message, e.Code
		return e.Status
	}
	return http.StatusOK
}

// render writes a page with status.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	t := c.pages[name]
	if t == nil {
		c.internal(w, r, errors.New("console: no template "+name))
		return
	}
	if v.CSRF == "" {
		token, err := c.csrfFor(w, r)
		if err != nil {
			c.internal(w, r, err)
			return
		}
		v.CSRF = token
	}
	if s := c.current(r); s != nil && s.stage == stageIn {
		v.Who, v.Account, v.Root = s.caller.ARN, s.account, s.root
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		c.internal(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fragment renders one template of a page alone (what the script asks for to refresh part of
// a page).
func (c *Console) fragment(w http.ResponseWriter, r *http.Request, page, name string, data any) {
	var buf bytes.Buffer
	if err := c.pages[page].ExecuteTemplate(&buf, name, data); err != nil {
		c.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// failed renders page name again with err shown: an AWS error's code and message as the API
// would answer them, with the API's HTTP status.
func (c *Console) failed(w http.ResponseWriter, r *http.Request, name string, v *view, err error) {
	e := apiError(err)
	if e == nil || e.Code == "InternalFailure" {
		c.internal(w, r, err)
		return
	}
	v.Error, v.ErrorCode = e.Message, e.Code
	c.render(w, r, e.Status, name, v)
}

// internal answers 500 and logs the cause, which the page never shows.
func (c *Console) internal(w http.ResponseWriter, r *http.Request, err error) {
	c.log.Error("console: internal error", "path", r.URL.Path, "err", err)
	http.Error(w, "Internal error", http.StatusInternalServerError)
}

// refuse answers a refused request with a short page.
func (c *Console) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, status)
}

// redirect answers 303 See Other to a console path.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, Prefix+to, http.StatusSeeOther)
}

// apiError is err as an API error, nil when it is not one (or is nil).
func apiError(err error) *awserr.Error {
	var e *awserr.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
