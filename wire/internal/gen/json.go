package main

import (
	"fmt"
	"sort"
	"strings"
)

// jsonGen writes the files of a JSON-protocol service (awsJson1_1 "json", restJson1 "rest-json"):
// rules.go (the model's constraints), decode.go (inputs from the JSON body and, for restJson1, path
// labels, the query string and headers), encode.go (outputs as JSON documents, headers) and dispatch.go
// (the operations table, Resolve, Dispatch, ErrorResponse).
type jsonGen struct {
	g *generator
	// rules declares the constraint variables, shared with the query emitter's logic.
	rules *queryGen
	rest  bool
	// lists and maps name the list and map shapes that need a decoder or an encoder of their own.
	decLists, encLists map[string]bool
}

func emitJSON(g *generator) (map[string]string, error) {
	j := &jsonGen{g: g, rest: g.m.Metadata.Protocol == "rest-json",
		rules:    &queryGen{g: g, rulePkg: "constraint", rules: map[string]string{}, patterns: map[string]string{}, ruleOf: map[string]string{}},
		decLists: map[string]bool{}, encLists: map[string]bool{}}
	decode, err := j.decodeFile()
	if err != nil {
		return nil, err
	}
	encode, err := j.encodeFile()
	if err != nil {
		return nil, err
	}
	dispatch, err := j.dispatchFile()
	if err != nil {
		return nil, err
	}
	rules, err := j.rules.rulesFile()
	if err != nil {
		return nil, err
	}
	return map[string]string{"decode.go": decode, "encode.go": encode, "dispatch.go": dispatch, "rules.go": rules}, nil
}

// jsonKey is a body member's key in the JSON document: its locationName (Smithy's jsonName), or its name.
func jsonKey(mem member) string {
	if mem.LocationName != "" && mem.Location == "" {
		return mem.LocationName
	}
	return mem.Name
}

// bodyMembers are the members carried in the JSON body (every member, for awsJson).
func bodyMembers(s *shape) []member {
	var out []member
	for _, m := range s.Members {
		if m.Location == "" {
			out = append(out, m)
		}
	}
	return out
}

// timeFormat is the timestamp format of a shape in a location: the shape's timestampFormat, else the
// protocol default (epoch seconds in bodies, ISO 8601 in the query string, an HTTP date in headers).
func (j *jsonGen) timeFormat(shapeName, location string) string {
	if f := j.g.m.Shapes[shapeName].TimestampFormat; f != "" {
		return f
	}
	switch location {
	case "querystring", "uri":
		return "iso8601"
	case "header":
		return "rfc822"
	}
	return "unixTimestamp"
}

func ruleRef(v string) string {
	if v == "" {
		return "nil"
	}
	return "&" + v
}

// decodeFile writes one decoder per operation, then one per structure, list and map shape reachable from
// an input.
func (j *jsonGen) decodeFile() (string, error) {
	g := j.g
	c := &code{}
	c.p("var _ = constraint.CountSet\n\n")
	structs := map[string]bool{}
	for _, op := range g.ops {
		if err := j.decodeOperation(c, op, structs); err != nil {
			return "", fmt.Errorf("%s: %w", op.Name, err)
		}
	}
	for _, op := range g.ops {
		if op.Input != nil {
			s := g.m.Shapes[op.Input.Shape]
			if err := j.decodeStruct(c, g.inputs[op.Name], s); err != nil {
				return "", err
			}
		}
	}
	for _, name := range sortedKeys(structs) {
		s := g.m.Shapes[name]
		var err error
		switch s.Type {
		case "structure":
			err = j.decodeStruct(c, g.names[name], s)
		case "list":
			err = j.decodeList(c, name, s)
		case "map":
			err = j.decodeMap(c, name, s)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return j.withHeader(c.String(), `"github.com/gatehouse-iam/gatehouse/wire/constraint"`,
		`"github.com/gatehouse-iam/gatehouse/wire/jsonproto"`), nil
}

// withHeader prefixes generated source with the file header, importing time when the source uses it.
func (j *jsonGen) withHeader(src string, imports ...string) string {
	if strings.Contains(src, "time.Time") {
		imports = append([]string{`"time"`, ""}, imports...)
	}
	return j.g.header(imports...) + src
}

func (j *jsonGen) decodeOperation(c *code, op *operation, structs map[string]bool) error {
	g := j.g
	in := g.inputs[op.Name]
	if op.Input == nil {
		c.p("func decode%s(*jsonproto.Request, []string) (any, error) { return new(%s), nil }\n\n", op.Name, in)
		return nil
	}
	s := g.m.Shapes[op.Input.Shape]
	c.p("func decode%s(r *jsonproto.Request, labels []string) (any, error) {\n", op.Name)
	errs := "inputErrors"
	if j.limitsMaxResults(op) {
		errs = "maxResultsErrors"
	}
	c.p("\td := jsonproto.NewDecoder(&%s)\n\tin := new(%s)\n", errs, in)
	c.p("\tdecode%s(d, d.Body(r.Body), nil, in)\n", in)
	labels := labelNames(op.HTTP.RequestURI)
	for _, mem := range s.Members {
		if mem.Location == "" {
			continue
		}
		if err := j.decodeBound(c, s, mem, labels); err != nil {
			return fmt.Errorf("member %s: %w", mem.Name, err)
		}
	}
	c.p("\treturn in, d.Err()\n}\n\n")
	for _, mem := range s.Members {
		g.reach(mem.Shape, structs, func(string, *shape) {})
	}
	return nil
}

// labelNames lists the {label} names of a requestUri, in order.
func labelNames(uri string) []string {
	var out []string
	for _, seg := range strings.Split(uri, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, strings.TrimSuffix(seg[1:], "}"))
		}
	}
	return out
}

// decodeBound writes the decoding of a restJson1 member bound to a path label, a query parameter or a
// header.
func (j *jsonGen) decodeBound(c *code, parent *shape, mem member, labels []string) error {
	g := j.g
	s := g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	target := "in." + field
	required := parent.required(mem.Name)
	name := mem.LocationName
	if name == "" {
		name = mem.Name
	}
	c.p("\t{\n\t\tp := constraint.Path{Name: %q}\n\t\t_ = p\n", pathName(mem.Name))
	switch mem.Location {
	case "uri":
		idx := -1
		for i, l := range labels {
			if l == name {
				idx = i
			}
		}
		if idx < 0 {
			return fmt.Errorf("label %s is not in the requestUri", name)
		}
		c.p("\t\traw := labels[%d]\n", idx)
		if err := j.parseScalar(c, "\t\t", mem.Shape, mem.Location, "raw", func(expr string) string {
			return assignTo(target, expr, required)
		}); err != nil {
			return err
		}
		c.p("\t}\n")
		return nil
	case "querystring":
		if s.Type == "list" {
			return j.decodeQueryList(c, s, mem, name, target, required)
		}
		c.p("\t\tif vs := r.Query[%q]; len(vs) > 0 {\n\t\t\traw := vs[0]\n", name)
	case "header":
		c.p("\t\tif raw, ok := r.HeaderValue(%q); ok {\n", name)
	default:
		return fmt.Errorf("location %q is not supported", mem.Location)
	}
	if err := j.parseScalar(c, "\t\t\t", mem.Shape, mem.Location, "raw", func(expr string) string {
		return assignTo(target, expr, required)
	}); err != nil {
		return err
	}
	if required {
		c.p("\t\t} else {\n\t\t\td.Null(&p, %v)\n", s.Sensitive)
	}
	c.p("\t\t}\n\t}\n")
	return nil
}

func (j *jsonGen) decodeQueryList(c *code, s *shape, mem member, name, target string, required bool) error {
	g := j.g
	es := g.m.Shapes[s.Member.Shape]
	if es.Type != "string" {
		return fmt.Errorf("query lists of %s are not supported", es.Type)
	}
	er, err := j.rules.rule(s.Member.Shape)
	if err != nil {
		return err
	}
	lr, err := j.rules.rule(mem.Shape)
	if err != nil {
		return err
	}
	c.p("\t\tif vs, ok := r.Query[%q]; ok {\n", name)
	if lr != "" {
		c.p("\t\t\td.CheckLength(&p, len(vs), &%s)\n", lr)
	}
	c.p("\t\t\td.CheckStrings(&p, vs, %s)\n", ruleRef(er))
	if len(es.Enum) > 0 {
		typ := g.names[s.Member.Shape]
		c.p("\t\t\t%s = make([]%s, len(vs))\n\t\t\tfor i, s := range vs {\n\t\t\t\t%s[i] = %s(s)\n\t\t\t}\n", target, typ, target, typ)
	} else {
		c.p("\t\t\t%s = vs\n", target)
	}
	if required {
		c.p("\t\t} else {\n\t\t\td.Null(&p, false)\n")
	}
	c.p("\t\t}\n\t}\n")
	return nil
}

// assignTo is the statement storing expr in target, through a pointer when the member is optional.
func assignTo(target, expr string, required bool) string {
	if required {
		return fmt.Sprintf("%s = %s", target, expr)
	}
	return fmt.Sprintf("x := %s\n%s = &x", expr, target)
}

// parseScalar writes the reading of a scalar bound outside the body, from the string variable raw.
func (j *jsonGen) parseScalar(c *code, indent, shapeName, location, raw string, set func(expr string) string) error {
	s := j.g.m.Shapes[shapeName]
	rule, err := j.rules.rule(shapeName)
	if err != nil {
		return err
	}
	emit := func(cond, expr string) {
		c.p("%sif %s {\n", indent, cond)
		for _, l := range strings.Split(set(expr), "\n") {
			c.p("%s\t%s\n", indent, l)
		}
		c.p("%s}\n", indent)
	}
	switch s.Type {
	case "string":
		if rule != "" {
			c.p("%sd.CheckString(&p, %s, &%s)\n", indent, raw, rule)
		}
		expr := raw
		if len(s.Enum) > 0 {
			expr = j.g.names[shapeName] + "(" + raw + ")"
		}
		for _, l := range strings.Split(set(expr), "\n") {
			c.p("%s%s\n", indent, l)
		}
	case "integer", "long":
		bits, typ := intBits(s.Type)
		emit(fmt.Sprintf("i, ok := d.ParseInt(&p, %s, %d, %s); ok", raw, bits, ruleRef(rule)), typ+"(i)")
	case "float", "double":
		bits, typ := floatBits(s.Type)
		emit(fmt.Sprintf("f, ok := d.ParseFloat(&p, %s, %d); ok", raw, bits), typ+"(f)")
	case "boolean":
		emit(fmt.Sprintf("b, ok := d.ParseBool(&p, %s); ok", raw), "b")
	case "timestamp":
		emit(fmt.Sprintf("t, ok := d.ParseTime(&p, %s, %q); ok", raw, j.timeFormat(shapeName, location)), "t")
	default:
		return fmt.Errorf("%s members cannot be bound to %s", s.Type, location)
	}
	return nil
}

func intBits(t string) (int, string) {
	if t == "long" {
		return 64, "int64"
	}
	return 32, "int32"
}

func floatBits(t string) (int, string) {
	if t == "double" {
		return 64, "float64"
	}
	return 32, "float32"
}

// decodeStruct writes the decoder of a structure's body members.
func (j *jsonGen) decodeStruct(c *code, goName string, s *shape) error {
	c.p("func decode%s(d *jsonproto.Decoder, obj map[string]any, up *constraint.Path, v *%s) {\n", goName, goName)
	for _, mem := range bodyMembers(s) {
		if err := j.decodeMember(c, s, mem); err != nil {
			return fmt.Errorf("%s.%s: %w", goName, mem.Name, err)
		}
	}
	if s.Union {
		c.p("\td.Union(up, %s)\n", strings.Replace(unionCount(s), "query.", "constraint.", 1))
	}
	c.p("}\n\n")
	return nil
}

func (j *jsonGen) decodeMember(c *code, parent *shape, mem member) error {
	s := j.g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	required := parent.required(mem.Name)
	c.p("\tif x := obj[%q]; x != nil {\n\t\tp := constraint.Path{Up: up, Name: %q}\n", jsonKey(mem), pathName(mem.Name))
	if err := j.decodeValue(c, "\t\t", mem.Shape, "x", "&p", "v."+field, !required); err != nil {
		return err
	}
	if required {
		c.p("\t} else {\n\t\td.Null(&constraint.Path{Up: up, Name: %q}, %v)\n", pathName(mem.Name), s.Sensitive)
	}
	c.p("\t}\n")
	return nil
}

// decodeValue writes the decoding of the JSON value src (non-nil) of shape shapeName into target, through
// a pointer when ptr is set (optional scalars and structures).
func (j *jsonGen) decodeValue(c *code, indent, shapeName, src, path, target string, ptr bool) error {
	g := j.g
	s := g.m.Shapes[shapeName]
	rule, err := j.rules.rule(shapeName)
	if err != nil {
		return err
	}
	set := func(cond, expr string) {
		c.p("%sif %s {\n", indent, cond)
		for _, l := range strings.Split(assignTo(target, expr, !ptr), "\n") {
			c.p("%s\t%s\n", indent, l)
		}
		c.p("%s}\n", indent)
	}
	switch s.Type {
	case "string":
		expr := "s"
		if len(s.Enum) > 0 {
			expr = g.names[shapeName] + "(s)"
		}
		set(fmt.Sprintf("s, ok := d.String(%s, %s, %s); ok", path, src, ruleRef(rule)), expr)
	case "integer", "long":
		bits, typ := intBits(s.Type)
		set(fmt.Sprintf("i, ok := d.Int(%s, %s, %d, %s); ok", path, src, bits, ruleRef(rule)), typ+"(i)")
	case "float", "double":
		bits, typ := floatBits(s.Type)
		set(fmt.Sprintf("f, ok := d.Float(%s, %s, %d); ok", path, src, bits), typ+"(f)")
	case "boolean":
		set(fmt.Sprintf("b, ok := d.Bool(%s, %s); ok", path, src), "b")
	case "timestamp":
		set(fmt.Sprintf("t, ok := d.Time(%s, %s, %q); ok", path, src, j.timeFormat(shapeName, "")), "t")
	case "blob":
		c.p("%sif b, ok := d.Blob(%s, %s, %s); ok {\n%s\t%s = b\n%s}\n", indent, path, src, ruleRef(rule), indent, target, indent)
	case "structure":
		name := g.names[shapeName]
		c.p("%sif o, ok := d.Object(%s, %s); ok {\n", indent, path, src)
		if ptr {
			c.p("%s\t%s = new(%s)\n%s\tdecode%s(d, o, %s, %s)\n", indent, target, name, indent, name, path, target)
		} else {
			c.p("%s\tdecode%s(d, o, %s, &%s)\n", indent, name, path, target)
		}
		c.p("%s}\n", indent)
	case "list", "map":
		j.decLists[shapeName] = true
		c.p("%s%s = decodeShape%s(d, %s, %s)\n", indent, target, mustExported(shapeName), path, src)
	default:
		return fmt.Errorf("cannot decode type %s", s.Type)
	}
	return nil
}

func mustExported(name string) string {
	id, err := exported(name)
	if err != nil {
		panic(err) // every shape name was checked by assignNames
	}
	return id
}

func (j *jsonGen) decodeList(c *code, name string, s *shape) error {
	g := j.g
	typ, err := g.goType(&shapeRef{Shape: name}, false)
	if err != nil {
		return err
	}
	lr, err := j.rules.rule(name)
	if err != nil {
		return err
	}
	es := g.m.Shapes[s.Member.Shape]
	c.p("func decodeShape%s(d *jsonproto.Decoder, p *constraint.Path, x any) %s {\n", mustExported(name), typ)
	if es.Type == "string" {
		er, err := j.rules.rule(s.Member.Shape)
		if err != nil {
			return err
		}
		c.p("\tss := d.Strings(p, x, %s)\n", ruleRef(er))
		if lr != "" {
			c.p("\tif ss != nil {\n\t\td.CheckLength(p, len(ss), &%s)\n\t}\n", lr)
		}
		if len(es.Enum) == 0 {
			c.p("\treturn ss\n}\n\n")
			return nil
		}
		c.p("\tout := make(%s, len(ss))\n\tfor i, s := range ss {\n\t\tout[i] = %s(s)\n\t}\n\treturn out\n}\n\n", typ, g.names[s.Member.Shape])
		return nil
	}
	c.p("\ta, ok := d.Array(p, x)\n\tif !ok {\n\t\treturn nil\n\t}\n")
	if lr != "" {
		c.p("\td.CheckLength(p, len(a), &%s)\n", lr)
	}
	c.p("\tout := make(%s, len(a))\n\tfor i, e := range a {\n\t\tep := constraint.Path{Up: p, Index: i + 1}\n", typ)
	c.p("\t\tif e == nil {\n\t\t\td.Null(&ep, false)\n\t\t\tcontinue\n\t\t}\n")
	if err := j.decodeValue(c, "\t\t", s.Member.Shape, "e", "&ep", "out[i]", false); err != nil {
		return err
	}
	c.p("\t}\n\treturn out\n}\n\n")
	return nil
}

func (j *jsonGen) decodeMap(c *code, name string, s *shape) error {
	g := j.g
	typ, err := g.goType(&shapeRef{Shape: name}, false)
	if err != nil {
		return err
	}
	lr, err := j.rules.rule(name)
	if err != nil {
		return err
	}
	kr, err := j.rules.rule(s.Key.Shape)
	if err != nil {
		return err
	}
	elem := strings.TrimPrefix(typ, "map[string]")
	c.p("func decodeShape%s(d *jsonproto.Decoder, p *constraint.Path, x any) %s {\n", mustExported(name), typ)
	c.p("\to, ok := d.Object(p, x)\n\tif !ok {\n\t\treturn nil\n\t}\n")
	if lr != "" {
		c.p("\td.CheckLength(p, len(o), &%s)\n", lr)
	}
	c.p("\tout := make(%s, len(o))\n\tfor _, k := range jsonproto.SortedKeys(o) {\n", typ)
	if kr != "" {
		c.p("\t\td.CheckString(p, k, &%s)\n", kr)
	}
	c.p("\t\te := o[k]\n\t\tif e == nil {\n\t\t\td.Null(p, false)\n\t\t\tcontinue\n\t\t}\n")
	c.p("\t\tvp := constraint.Path{Up: p, Name: k}\n\t\tvar val %s\n", elem)
	vpath := "&vp"
	if vs := g.m.Shapes[s.Value.Shape]; vs.Type != "structure" && vs.Type != "list" && vs.Type != "map" {
		vpath = "p"
		c.p("\t\t_ = vp\n")
	}
	if err := j.decodeValue(c, "\t\t", s.Value.Shape, "e", vpath, "val", false); err != nil {
		return err
	}
	c.p("\t\tout[k] = val\n\t}\n\treturn out\n}\n\n")
	return nil
}

// encodeFile writes one encoder per operation, then one per structure, list and map reachable from an
// output or an error.
func (j *jsonGen) encodeFile() (string, error) {
	g := j.g
	c := &code{}
	structs := map[string]bool{}
	for _, op := range g.ops {
		if err := j.encodeOperation(c, op, structs); err != nil {
			return "", fmt.Errorf("%s: %w", op.Name, err)
		}
	}
	for _, e := range g.errorShapes() {
		for _, mem := range g.m.Shapes[e.shape].Members {
			g.reach(mem.Shape, structs, func(string, *shape) {})
		}
	}
	for _, op := range g.ops {
		if op.Output != nil {
			if err := j.encodeStruct(c, g.outputs[op.Name], g.m.Shapes[op.Output.Shape]); err != nil {
				return "", err
			}
		}
	}
	for _, name := range sortedKeys(structs) {
		s := g.m.Shapes[name]
		var err error
		switch s.Type {
		case "structure":
			if !s.Exception {
				err = j.encodeStruct(c, g.names[name], s)
			}
		case "list", "map":
			err = j.encodeCollection(c, name, s)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return j.withHeader(c.String(), `"github.com/gatehouse-iam/gatehouse/wire/jsonproto"`), nil
}

func (j *jsonGen) encodeOperation(c *code, op *operation, structs map[string]bool) error {
	g := j.g
	out := g.outputs[op.Name]
	if op.Output == nil {
		c.p("func encode%s(w *jsonproto.Writer, _ *jsonproto.Response, _ any) {\n\tw.StartObject()\n\tw.EndObject()\n}\n\n", op.Name)
		return nil
	}
	s := g.m.Shapes[op.Output.Shape]
	c.p("func encode%s(w *jsonproto.Writer, resp *jsonproto.Response, out any) {\n\tv := out.(*%s)\n", op.Name, out)
	c.p("\tencode%s(w, v)\n", out)
	for _, mem := range s.Members {
		if err := j.encodeBound(c, s, mem, "resp"); err != nil {
			return fmt.Errorf("member %s: %w", mem.Name, err)
		}
	}
	c.p("}\n\n")
	for _, mem := range s.Members {
		g.reach(mem.Shape, structs, func(string, *shape) {})
	}
	return nil
}

// encodeBound writes a member bound to a response header (restJson1). Body members are written by the
// structure's encoder; other locations fail generation.
func (j *jsonGen) encodeBound(c *code, parent *shape, mem member, resp string) error {
	switch mem.Location {
	case "":
		return nil
	case "header":
	default:
		return fmt.Errorf("location %q is not supported in responses", mem.Location)
	}
	s := j.g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	expr := "v." + field
	if !parent.required(mem.Name) {
		c.p("\tif v.%s != nil {\n", field)
		expr = "*" + expr
	} else {
		c.p("\t{\n")
	}
	var value string
	switch s.Type {
	case "string":
		value = "string(" + expr + ")"
	case "integer", "long":
		value = "jsonproto.FormatInt(int64(" + expr + "))"
	case "boolean":
		value = "jsonproto.FormatBool(" + expr + ")"
	case "timestamp":
		value = fmt.Sprintf("jsonproto.FormatTime(%s, %q)", expr, j.timeFormat(mem.Shape, "header"))
	default:
		return fmt.Errorf("%s members cannot be bound to headers", s.Type)
	}
	c.p("\t\t%s.AddHeader(%q, %s)\n\t}\n", resp, mem.LocationName, value)
	return nil
}

// encodeStruct writes the encoder of a structure's body members, as one JSON object.
func (j *jsonGen) encodeStruct(c *code, goName string, s *shape) error {
	c.p("func encode%s(w *jsonproto.Writer, v *%s) {\n\tw.StartObject()\n", goName, goName)
	for _, mem := range bodyMembers(s) {
		if err := j.encodeMember(c, s, mem); err != nil {
			return fmt.Errorf("%s.%s: %w", goName, mem.Name, err)
		}
	}
	c.p("\tw.EndObject()\n}\n\n")
	return nil
}

func (j *jsonGen) encodeMember(c *code, parent *shape, mem member) error {
	s := j.g.m.Shapes[mem.Shape]
	field, _ := exported(mem.Name)
	target := "v." + field
	required := parent.required(mem.Name)
	switch {
	case s.Type == "list" || s.Type == "map" || s.Type == "blob":
		c.p("\tif %s != nil {\n", target)
	case !required:
		c.p("\tif %s != nil {\n", target)
		if s.Type != "structure" {
			target = "*" + target
		}
	default:
		c.p("\t{\n")
		if s.Type == "structure" {
			target = "&" + target
		}
	}
	c.p("\t\tw.Key(%q)\n", jsonKey(mem))
	if err := j.encodeValue(c, "\t\t", mem.Shape, target); err != nil {
		return err
	}
	c.p("\t}\n")
	return nil
}

// encodeValue writes the value expr of shape shapeName (a pointer for structures).
func (j *jsonGen) encodeValue(c *code, indent, shapeName, expr string) error {
	g := j.g
	s := g.m.Shapes[shapeName]
	switch s.Type {
	case "string":
		if len(s.Enum) > 0 {
			expr = "string(" + expr + ")"
		}
		c.p("%sw.String(%s)\n", indent, expr)
	case "integer", "long":
		c.p("%sw.Int(int64(%s))\n", indent, expr)
	case "float", "double":
		bits, _ := floatBits(s.Type)
		c.p("%sw.Float(float64(%s), %d)\n", indent, expr, bits)
	case "boolean":
		c.p("%sw.Bool(%s)\n", indent, expr)
	case "timestamp":
		c.p("%sw.Time(%s, %q)\n", indent, expr, j.timeFormat(shapeName, ""))
	case "blob":
		c.p("%sw.Blob(%s)\n", indent, expr)
	case "structure":
		c.p("%sencode%s(w, %s)\n", indent, g.names[shapeName], expr)
	case "list", "map":
		j.encLists[shapeName] = true
		c.p("%sencodeShape%s(w, %s)\n", indent, mustExported(shapeName), expr)
	default:
		return fmt.Errorf("cannot encode type %s", s.Type)
	}
	return nil
}

func (j *jsonGen) encodeCollection(c *code, name string, s *shape) error {
	typ, err := j.g.goType(&shapeRef{Shape: name}, false)
	if err != nil {
		return err
	}
	c.p("func encodeShape%s(w *jsonproto.Writer, v %s) {\n", mustExported(name), typ)
	elem := s.Member
	if s.Type == "map" {
		elem = s.Value
		c.p("\tw.StartObject()\n\tfor _, k := range jsonproto.SortedKeys(v) {\n\t\tw.Key(k)\n\t\te := v[k]\n")
	} else {
		c.p("\tw.StartArray()\n\tfor i := range v {\n\t\te := v[i]\n")
	}
	expr := "e"
	if j.g.m.Shapes[elem.Shape].Type == "structure" {
		expr = "&e"
	}
	if err := j.encodeValue(c, "\t\t", elem.Shape, expr); err != nil {
		return err
	}
	if s.Type == "map" {
		c.p("\t}\n\tw.EndObject()\n}\n\n")
	} else {
		c.p("\t}\n\tw.EndArray()\n}\n\n")
	}
	return nil
}

// routes returns the restJson1 routes, checked.
func (j *jsonGen) routes() ([]string, error) {
	var out []string
	for i, op := range j.g.ops {
		if err := checkPattern(op.HTTP.RequestURI); err != nil {
			return nil, fmt.Errorf("%s: %w", op.Name, err)
		}
		out = append(out, fmt.Sprintf("{Method: %q, Pattern: %q, Op: %d}", op.HTTP.Method, op.HTTP.RequestURI, i))
	}
	sort.Strings(out)
	return out, nil
}
