package console

import (
	"net/http"
	"net/url"
)

// action is one form of a detail page: an API operation whose parameters are the form's fields
// (named as the API names them) plus the page's own (the user's, group's or role's name).
type action struct {
	op     string
	fields []string
	done   string
}

// actions are a page's forms by the last element of their path.
type actions map[string]action

// act runs the action the request's path names and shows the page again with its outcome: the
// notice, or the API's error with its status.
func (c *Console) act(w http.ResponseWriter, r *http.Request, s *session, table actions, base url.Values, show func(*view)) {
	a, ok := table[r.PathValue("action")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, f := range a.fields {
		if v := r.PostForm.Get(f); v != "" {
			base.Set(f, v)
		}
	}
	_, err := c.invoke(r, s, a.op, base)
	if err != nil {
		c.afterAction(w, r, err, show)
		return
	}
	show(&view{Notice: a.done})
}

// afterAction shows a page with an operation's API error; anything else is internal.
func (c *Console) afterAction(w http.ResponseWriter, r *http.Request, err error, show func(*view)) {
	if e := apiError(err); e == nil || e.Code == "InternalFailure" {
		c.internal(w, r, err)
		return
	}
	show(&view{err: err})
}

// sectionErrors are the parts of a page the principal could not read, by part.
type sectionErrors map[string]string

// note records err for a part and reports whether there was none.
func (e sectionErrors) note(part string, err error) bool {
	if err != nil {
		e[part] = errText(err)
		return false
	}
	return true
}

// document is a policy document as IAM returns it (URL-encoded), decoded.
func document(p *string) string {
	if p == nil {
		return ""
	}
	d, err := url.PathUnescape(*p)
	if err != nil {
		return *p
	}
	return d
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
