package main

import (
	"fmt"
	"math"
	"strings"
)

// queryGen writes the query protocol's files: rules.go (the model's constraints, compiled once),
// decode.go (inputs from form parameters, with validation), encode.go (outputs as XML) and dispatch.go.
type queryGen struct {
	g *generator
	// rules maps a rule variable to its Go declaration; patterns maps a model pattern to its variable.
	rules    map[string]string
	patterns map[string]string
	// ruleOf maps a shape to its rule variable ("" when the shape has no constraints).
	ruleOf map[string]string
	// rulePkg is the package the rule types are named through: "query" (the default; its aliases of
	// wire/constraint) or "constraint" (the JSON protocols).
	rulePkg string
}

func (q *queryGen) pkg() string {
	if q.rulePkg == "" {
		return "query"
	}
	return q.rulePkg
}

func emitQuery(g *generator) (map[string]string, error) {
	q := &queryGen{g: g, rules: map[string]string{}, patterns: map[string]string{}, ruleOf: map[string]string{}}
	decode, err := q.decodeFile()
	if err != nil {
		return nil, err
	}
	encode, err := q.encodeFile()
	if err != nil {
		return nil, err
	}
	rules, err := q.rulesFile()
	if err != nil {
		return nil, err
	}
	return map[string]string{"decode.go": decode, "encode.go": encode, "rules.go": rules, "dispatch.go": q.dispatchFile()}, nil
}

func intBound(v *float64, shape, what string) (int64, error) {
	if v == nil {
		return 0, nil
	}
	if *v != math.Trunc(*v) {
		return 0, fmt.Errorf("shape %s: %s %v is not an integer", shape, what, *v)
	}
	return int64(*v), nil
}

// rule returns the variable holding a scalar, list or map shape's constraints, declaring it on first use;
// "" when the shape has none.
func (q *queryGen) rule(name string) (string, error) {
	if v, ok := q.ruleOf[name]; ok {
		return v, nil
	}
	s := q.g.m.Shapes[name]
	id, err := exported(name)
	if err != nil {
		return "", err
	}
	lo, err := intBound(s.Min, name, "min")
	if err != nil {
		return "", err
	}
	hi, err := intBound(s.Max, name, "max")
	if err != nil {
		return "", err
	}
	bounds := func(minField, maxField string) string {
		var parts []string
		if s.Min != nil {
			parts = append(parts, fmt.Sprintf("%s: %d, Has%s: true", minField, lo, minField))
		}
		if s.Max != nil {
			parts = append(parts, fmt.Sprintf("%s: %d, Has%s: true", maxField, hi, maxField))
		}
		return strings.Join(parts, ", ")
	}
	var v, decl string
	switch s.Type {
	case "string":
		var fields []string
		if s.Min != nil || s.Max != nil {
			fields = append(fields, "Length: "+q.pkg()+".Length{"+bounds("Min", "Max")+"}")
		}
		if s.Pattern != nil {
			p, err := q.pattern(*s.Pattern, id)
			if err != nil {
				return "", fmt.Errorf("shape %s: %w", name, err)
			}
			fields = append(fields, "Pattern: "+p)
		}
		if len(s.Enum) > 0 {
			fields = append(fields, fmt.Sprintf("Enum: %#v", s.Enum))
		}
		if s.Sensitive {
			fields = append(fields, "Sensitive: true")
		}
		if len(fields) > 0 {
			v = "rule" + id
			decl = fmt.Sprintf("var %s = %s.StringRule{%s}", v, q.pkg(), strings.Join(fields, ", "))
		}
	case "integer", "long":
		if s.Min != nil || s.Max != nil {
			v = "range" + id
			decl = fmt.Sprintf("var %s = %s.IntRule{%s}", v, q.pkg(), bounds("Min", "Max"))
		}
	case "list", "map", "blob":
		if s.Min != nil || s.Max != nil {
			v = "len" + id
			decl = fmt.Sprintf("var %s = %s.Length{%s}", v, q.pkg(), bounds("Min", "Max"))
		}
	}
	if v != "" {
		if _, dup := q.rules[v]; dup {
			return "", fmt.Errorf("rule variable %s is declared twice", v)
		}
		q.rules[v] = fmt.Sprintf("// %s holds the constraints of the model's %s shape.\n%s\n", v, name, decl)
	}
	q.ruleOf[name] = v
	return v, nil
}

// pattern returns the variable of a translated model pattern, shared by every shape that uses it.
func (q *queryGen) pattern(java, owner string) (string, error) {
	if v, ok := q.patterns[java]; ok {
		return v, nil
	}
	t, err := translatePattern(java)
	if err != nil {
		return "", err
	}
	v := "pattern" + owner
	q.patterns[java] = v
	q.rules[v] = fmt.Sprintf("// %s is the model pattern %s, translated for RE2.\nvar %s = %s.MustPattern(%s, %s, %s)\n",
		v, "`"+java+"`", v, q.pkg(), goString(java), goStrings(t.all), goStrings(t.none))
	return v, nil
}

func (q *queryGen) rulesFile() (string, error) {
	var b strings.Builder
	b.WriteString(q.g.header(fmt.Sprintf("%q", "github.com/gatehouse-iam/gatehouse/wire/"+q.pkg())))
	for _, v := range sortedKeys(q.rules) {
		b.WriteString(q.rules[v])
		b.WriteString("\n")
	}
	return b.String(), nil
}

// decodeTarget is one struct to write a decoder for.
type decodeTarget struct {
	goName string
	shape  *shape
}

func (q *queryGen) decodeFile() (string, error) {
	g := q.g
	c := &code{}
	c.p("%s", g.header(`"net/url"`, "", `"github.com/gatehouse-iam/gatehouse/wire/query"`))
	c.p("// echoValues says whether validation messages quote offending string values.\nconst echoValues = %v\n\n", g.cfg.EchoValues)

	var targets []decodeTarget
	structs := map[string]bool{}
	for _, op := range g.ops {
		in := g.inputs[op.Name]
		if op.Input == nil {
			c.p("func decode%s(url.Values) (any, error) { return new(%s), nil }\n\n", op.Name, in)
			continue
		}
		c.p("func decode%s(params url.Values) (any, error) {\n", op.Name)
		c.p("\td := query.NewDecoder(echoValues)\n\tin := new(%s)\n", in)
		c.p("\tdecode%s(d, query.Parse(params), nil, in)\n\treturn in, d.Err()\n}\n\n", in)
		s := g.m.Shapes[op.Input.Shape]
		targets = append(targets, decodeTarget{in, s})
		for _, mem := range s.Members {
			g.reach(mem.Shape, structs, func(string, *shape) {})
		}
	}
	for _, name := range sortedKeys(structs) {
		if s := g.m.Shapes[name]; s.Type == "structure" {
			targets = append(targets, decodeTarget{g.names[name], s})
		}
	}
	for _, t := range targets {
		c.p("func decode%s(d *query.Decoder, n *query.Node, up *query.Path, v *%s) {\n", t.goName, t.goName)
		for _, mem := range t.shape.Members {
			if err := q.decodeMember(c, t.shape, mem); err != nil {
				return "", fmt.Errorf("%s.%s: %w", t.goName, mem.Name, err)
			}
		}
		if t.shape.Union {
			c.p("\td.Union(up, %s)\n", unionCount(t.shape))
		}
		c.p("}\n\n")
	}
	return c.String(), nil
}

// unionCount is an expression counting the members of a union (at v) that are set.
func unionCount(s *shape) string {
	terms := make([]string, len(s.Members))
	for i, mem := range s.Members {
		field, _ := exported(mem.Name)
		terms[i] = fmt.Sprintf("v.%s != nil", field)
	}
	return "query.CountSet(" + strings.Join(terms, ", ") + ")"
}

// wireName is a member's name in requests and responses: its locationName, or the member name.
func wireName(mem member) string {
	if mem.LocationName != "" {
		return mem.LocationName
	}
	return mem.Name
}

func (q *queryGen) decodeMember(c *code, parent *shape, mem member) error {
	g := q.g
	s := g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	required := parent.required(mem.Name)
	target := "v." + field
	rule, err := q.rule(mem.Shape)
	if err != nil {
		return err
	}
	c.p("\tif c := n.Child(%q); c != nil {\n", wireName(mem))
	if s.Type != "string" || rule != "" {
		c.p("\t\tp := query.Path{Up: up, Name: %q}\n", pathName(mem.Name))
	}
	assign := func(indent, expr string) {
		switch {
		case required:
			c.p("%s%s = %s\n", indent, target, expr)
		case !strings.ContainsAny(expr, "()"):
			c.p("%s%s = &%s\n", indent, target, expr)
		default:
			c.p("%sx := %s\n%s%s = &x\n", indent, expr, indent, target)
		}
	}
	ref := func(v string) string {
		if v == "" {
			return "nil"
		}
		return "&" + v
	}
	switch s.Type {
	case "string":
		c.p("\t\ts := c.Value()\n")
		if rule != "" {
			c.p("\t\td.CheckString(&p, s, &%s)\n", rule)
		}
		if len(s.Enum) > 0 {
			assign("\t\t", g.names[mem.Shape]+"(s)")
		} else {
			assign("\t\t", "s")
		}
	case "integer", "long":
		bits, typ := 32, "int32"
		if s.Type == "long" {
			bits, typ = 64, "int64"
		}
		c.p("\t\tif i, ok := d.Int(&p, c, %d, %s); ok {\n", bits, ref(rule))
		assign("\t\t\t", typ+"(i)")
		c.p("\t\t}\n")
	case "boolean":
		c.p("\t\tif b, ok := d.Bool(&p, c); ok {\n")
		assign("\t\t\t", "b")
		c.p("\t\t}\n")
	case "timestamp":
		c.p("\t\tif t, ok := d.Time(&p, c); ok {\n")
		assign("\t\t\t", "t")
		c.p("\t\t}\n")
	case "blob":
		c.p("\t\tif b, ok := d.Blob(&p, c, %s); ok {\n\t\t\t%s = b\n\t\t}\n", ref(rule), target)
	case "structure":
		if required {
			c.p("\t\tdecode%s(d, c, &p, &%s)\n", g.names[mem.Shape], target)
		} else {
			c.p("\t\t%s = new(%s)\n\t\tdecode%s(d, c, &p, %s)\n", target, g.names[mem.Shape], g.names[mem.Shape], target)
		}
	case "list":
		if err := q.decodeList(c, s, mem, rule, target); err != nil {
			return err
		}
	case "map":
		if err := q.decodeMap(c, s, rule, target); err != nil {
			return err
		}
	default:
		return fmt.Errorf("cannot decode type %s", s.Type)
	}
	if required {
		c.p("\t} else {\n\t\td.Null(&query.Path{Up: up, Name: %q}, %v)\n", pathName(mem.Name), s.Sensitive)
	}
	c.p("\t}\n")
	return nil
}

func (q *queryGen) decodeList(c *code, s *shape, mem member, rule, target string) error {
	g := q.g
	elemName := "member"
	if s.Member.LocationName != "" {
		elemName = s.Member.LocationName
	}
	c.p("\t\titems := c.List(%q, %v)\n", elemName, s.Flattened || mem.Flattened)
	if rule != "" {
		c.p("\t\td.CheckLength(&p, len(items), &%s)\n", rule)
	}
	es := g.m.Shapes[s.Member.Shape]
	switch es.Type {
	case "string":
		er, err := q.rule(s.Member.Shape)
		if err != nil {
			return err
		}
		arg := "nil"
		if er != "" {
			arg = "&" + er
		}
		if len(es.Enum) == 0 {
			c.p("\t\t%s = d.Strings(&p, items, %s)\n", target, arg)
			return nil
		}
		typ := g.names[s.Member.Shape]
		c.p("\t\tss := d.Strings(&p, items, %s)\n\t\t%s = make([]%s, len(ss))\n", arg, target, typ)
		c.p("\t\tfor i, s := range ss {\n\t\t\t%s[i] = %s(s)\n\t\t}\n", target, typ)
	case "structure":
		typ := g.names[s.Member.Shape]
		c.p("\t\t%s = make([]%s, len(items))\n\t\tfor i, it := range items {\n", target, typ)
		c.p("\t\t\tep := query.Path{Up: &p, Index: i + 1}\n\t\t\tdecode%s(d, it, &ep, &%s[i])\n\t\t}\n", typ, target)
	default:
		return fmt.Errorf("lists of %s are not supported in inputs", es.Type)
	}
	return nil
}

func (q *queryGen) decodeMap(c *code, s *shape, rule, target string) error {
	g := q.g
	if g.m.Shapes[s.Value.Shape].Type != "string" {
		return fmt.Errorf("maps of %s are not supported in inputs", g.m.Shapes[s.Value.Shape].Type)
	}
	keyName, valueName := "key", "value"
	if s.Key.LocationName != "" {
		keyName = s.Key.LocationName
	}
	if s.Value.LocationName != "" {
		valueName = s.Value.LocationName
	}
	c.p("\t\tentries := c.Map(\"entry\", %q, %q, %v)\n", keyName, valueName, s.Flattened)
	if rule != "" {
		c.p("\t\td.CheckLength(&p, len(entries), &%s)\n", rule)
	}
	kr, err := q.rule(s.Key.Shape)
	if err != nil {
		return err
	}
	vr, err := q.rule(s.Value.Shape)
	if err != nil {
		return err
	}
	ref := func(v string) string {
		if v == "" {
			return "nil"
		}
		return "&" + v
	}
	if vt := g.names[s.Value.Shape]; vt != "" {
		c.p("\t\tm := d.StringMap(&p, entries, %s, %s)\n\t\t%s = make(map[string]%s, len(m))\n", ref(kr), ref(vr), target, vt)
		c.p("\t\tfor k, s := range m {\n\t\t\t%s[k] = %s(s)\n\t\t}\n", target, vt)
		return nil
	}
	c.p("\t\t%s = d.StringMap(&p, entries, %s, %s)\n", target, ref(kr), ref(vr))
	return nil
}

func (q *queryGen) encodeFile() (string, error) {
	g := q.g
	c := &code{}
	c.p("%s", g.header(`"github.com/gatehouse-iam/gatehouse/wire/query"`))
	var targets []decodeTarget
	structs := map[string]bool{}
	for _, op := range g.ops {
		out := g.outputs[op.Name]
		c.p("func encode%s(dst []byte, out any, requestID string) []byte {\n", op.Name)
		c.p("\tw := query.NewWriter(dst)\n\tw.StartNS(%q, Service.Namespace)\n", op.Name+"Response")
		if op.Output != nil {
			wrapper := op.Output.ResultWrapper
			if wrapper == "" {
				return "", fmt.Errorf("operation %s: output without resultWrapper", op.Name)
			}
			c.p("\tw.Start(%q)\n\tencode%s(&w, out.(*%s))\n\tw.End(%q)\n", wrapper, out, out, wrapper)
			s := g.m.Shapes[op.Output.Shape]
			targets = append(targets, decodeTarget{out, s})
			for _, mem := range s.Members {
				g.reach(mem.Shape, structs, func(string, *shape) {})
			}
		}
		c.p("\tw.ResponseMetadata(requestID)\n\tw.End(%q)\n\treturn w.Bytes()\n}\n\n", op.Name+"Response")
	}
	for _, name := range sortedKeys(structs) {
		if s := g.m.Shapes[name]; s.Type == "structure" {
			targets = append(targets, decodeTarget{g.names[name], s})
		}
	}
	for _, t := range targets {
		c.p("func encode%s(w *query.Writer, v *%s) {\n", t.goName, t.goName)
		for _, mem := range t.shape.Members {
			if err := q.encodeMember(c, t.goName, t.shape, mem); err != nil {
				return "", fmt.Errorf("%s.%s: %w", t.goName, mem.Name, err)
			}
		}
		c.p("}\n\n")
	}
	return c.String(), nil
}

// scalarWrite returns the Writer call that writes a scalar value expression as element name.
func (q *queryGen) scalarWrite(shapeName, name, expr string) (string, error) {
	s := q.g.m.Shapes[shapeName]
	switch s.Type {
	case "string":
		if len(s.Enum) > 0 {
			expr = "string(" + expr + ")"
		}
		return fmt.Sprintf("w.String(%q, %s)", name, expr), nil
	case "integer", "long":
		return fmt.Sprintf("w.Int(%q, int64(%s))", name, expr), nil
	case "boolean":
		return fmt.Sprintf("w.Bool(%q, %s)", name, expr), nil
	case "timestamp":
		return fmt.Sprintf("w.Time(%q, %s)", name, expr), nil
	case "blob":
		return fmt.Sprintf("w.Blob(%q, %s)", name, expr), nil
	}
	return "", fmt.Errorf("shape %s of type %s is not a scalar", shapeName, s.Type)
}

// elementWrite writes one list element or map value (a value, never a pointer) as element name.
func (q *queryGen) elementWrite(c *code, indent, shapeName, name, expr string) error {
	s := q.g.m.Shapes[shapeName]
	switch s.Type {
	case "structure":
		c.p("%sw.Start(%q)\n%sencode%s(w, &%s)\n%sw.End(%q)\n", indent, name, indent, q.g.names[shapeName], expr, indent, name)
		return nil
	case "list", "map":
		return fmt.Errorf("nested %s elements are not supported", s.Type)
	}
	call, err := q.scalarWrite(shapeName, name, expr)
	if err != nil {
		return err
	}
	c.p("%s%s\n", indent, call)
	return nil
}

// omitEmpty are the required string members (GoType.Member) AWS leaves out of a response when
// it has no value for them, rather than sending them empty: GetUser as the root user has no
// UserName and no Path (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html;
// AWS's answer as recorded). Other required strings, such as a tag's empty Value, are sent empty.
var omitEmpty = map[string]bool{"User.UserName": true, "User.Path": true}

func (q *queryGen) encodeMember(c *code, owner string, parent *shape, mem member) error {
	g := q.g
	s := g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	required := parent.required(mem.Name)
	name := wireName(mem)
	target := "v." + field
	switch s.Type {
	case "structure":
		if required {
			c.p("\tw.Start(%q)\n\tencode%s(w, &%s)\n\tw.End(%q)\n", name, g.names[mem.Shape], target, name)
		} else {
			c.p("\tif %s != nil {\n\t\tw.Start(%q)\n\t\tencode%s(w, %s)\n\t\tw.End(%q)\n\t}\n", target, name, g.names[mem.Shape], target, name)
		}
	case "list":
		flat := s.Flattened || mem.Flattened
		elem := "member"
		if s.Member.LocationName != "" {
			elem = s.Member.LocationName
		}
		if flat {
			elem = name
			if s.Member.LocationName != "" {
				elem = s.Member.LocationName
			}
		}
		if !required {
			c.p("\tif %s != nil {\n", target)
		} else {
			c.p("\t{\n")
		}
		if !flat {
			c.p("\t\tw.Start(%q)\n", name)
		}
		c.p("\t\tfor i := range %s {\n", target)
		if err := q.elementWrite(c, "\t\t\t", s.Member.Shape, elem, target+"[i]"); err != nil {
			return err
		}
		c.p("\t\t}\n")
		if !flat {
			c.p("\t\tw.End(%q)\n", name)
		}
		c.p("\t}\n")
	case "map":
		keyName, valueName := "key", "value"
		if s.Key.LocationName != "" {
			keyName = s.Key.LocationName
		}
		if s.Value.LocationName != "" {
			valueName = s.Value.LocationName
		}
		entry := "entry"
		if s.Flattened {
			entry = name
		}
		if !required {
			c.p("\tif %s != nil {\n", target)
		} else {
			c.p("\t{\n")
		}
		if !s.Flattened {
			c.p("\t\tw.Start(%q)\n", name)
		}
		c.p("\t\tfor _, k := range query.SortedKeys(%s) {\n\t\t\tw.Start(%q)\n\t\t\tw.String(%q, k)\n", target, entry, keyName)
		c.p("\t\t\tval := %s[k]\n", target)
		if err := q.elementWrite(c, "\t\t\t", s.Value.Shape, valueName, "val"); err != nil {
			return err
		}
		c.p("\t\t\tw.End(%q)\n\t\t}\n", entry)
		if !s.Flattened {
			c.p("\t\tw.End(%q)\n", name)
		}
		c.p("\t}\n")
	case "blob":
		call, _ := q.scalarWrite(mem.Shape, name, target)
		if required {
			c.p("\t%s\n", call)
		} else {
			c.p("\tif %s != nil {\n\t\t%s\n\t}\n", target, call)
		}
	default:
		if required {
			call, err := q.scalarWrite(mem.Shape, name, target)
			if err != nil {
				return err
			}
			if omitEmpty[owner+"."+mem.Name] {
				c.p("\tif %s != \"\" {\n\t\t%s\n\t}\n", target, call)
			} else {
				c.p("\t%s\n", call)
			}
		} else {
			call, err := q.scalarWrite(mem.Shape, name, "*"+target)
			if err != nil {
				return err
			}
			c.p("\tif %s != nil {\n\t\t%s\n\t}\n", target, call)
		}
	}
	return nil
}

func (q *queryGen) dispatchFile() string {
	g := q.g
	c := &code{}
	c.p("%s", g.header(`"context"`, `"net/url"`, "", `"github.com/gatehouse-iam/gatehouse/wire/query"`))
	c.p(`// Resolve returns the operation a request's Action names, after checking Action and Version as AWS does:
// no Action is MissingAction; an unknown Action, or a Version other than the service's, is InvalidAction.
func Resolve(params url.Values) (*Operation, error) {
	name, err := query.Action(params, Service.APIVersion, func(action string) bool {
		_, ok := operations[action]
		return ok
	})
	if err != nil {
		return nil, err
	}
	return operations[name], nil
}

// Dispatch serves one query-protocol request: it resolves the Action, decodes and validates the
// parameters, calls the operation's field of h (NotImplemented when it is nil) and appends the XML
// response document to dst. On failure it returns dst unchanged and a non-nil *awserr.Error (a handler
// error that is not one becomes InternalFailure); the caller renders it with AppendError. The caller
// owns the HTTP exchange and the request ID.
func Dispatch(ctx context.Context, h *Handlers, params url.Values, requestID string, dst []byte) ([]byte, error) {
	op, err := Resolve(params)
	if err != nil {
		return dst, err
	}
	in, err := op.Decode(params)
	if err != nil {
		return dst, err
	}
	out, err := op.Call(ctx, h, in)
	if err != nil {
		return dst, query.AsError(err)
	}
	return op.Encode(dst, out, requestID), nil
}

`)
	g.emitCalls(c, "query")
	return c.String()
}

// goString quotes s for Go source, as a raw string when it reads better.
func goString(s string) string {
	if strings.ContainsAny(s, "`\n\r") || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r > '~' }) {
		return fmt.Sprintf("%q", s)
	}
	return "`" + s + "`"
}

func goStrings(ss []string) string {
	if len(ss) == 0 {
		return "nil"
	}
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = goString(s)
	}
	return "[]string{" + strings.Join(quoted, ", ") + "}"
}
