package console

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// maxGraphUsers bounds the simulations the graph runs (one per user).
const maxGraphUsers = 100

// Graph columns.
const (
	colUser = iota
	colGroup
	colRole
	colOutside
	columns
)

// gnode is a box of the graph; edge a line between two, with why it is there.
type gnode struct {
	ID, Label, Link string
	Col, Row        int
	X, Y            int
}

type edge struct {
	From, To, Why  string
	X1, Y1, X2, Y2 int
}

type graph struct {
	Nodes         []*gnode
	Edges         []edge
	Width, Height int
	Columns       []string
	Truncated     bool
	index         map[string]*gnode
	rows          [columns]int
}

func (g *graph) add(id, label, link string, col int) *gnode {
	if n, ok := g.index[id]; ok {
		return n
	}
	n := &gnode{ID: id, Label: label, Link: link, Col: col, Row: g.rows[col]}
	g.rows[col]++
	g.index[id] = n
	g.Nodes = append(g.Nodes, n)
	return n
}

func (g *graph) connect(from, to, why string) {
	g.Edges = append(g.Edges, edge{From: from, To: to, Why: why})
}

// Layout of the drawing, in pixels.
const (
	colWidth, boxWidth, rowHeight, boxHeight, margin = 270, 230, 36, 26, 30
)

// layout places the nodes in their columns and the edges between their boxes.
func (g *graph) layout() {
	for _, n := range g.Nodes {
		n.X, n.Y = margin/2+n.Col*colWidth, margin+n.Row*rowHeight
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		a, b := g.index[e.From], g.index[e.To]
		e.X1, e.Y1, e.X2, e.Y2 = a.X+boxWidth, a.Y+boxHeight/2, b.X, b.Y+boxHeight/2
	}
	g.Width = columns*colWidth + margin
	g.Height = margin*2 + max(slices.Max(g.rows[:]), 1)*rowHeight
}

func (c *Console) graphPage(w http.ResponseWriter, r *http.Request, s *session) {
	g := &graph{index: map[string]*gnode{}, Columns: []string{"Users", "Groups", "Roles", "Trusted outside the account"}}
	v := &view{Title: "Who can reach what", Section: "graph", Data: g}
	all, err := c.authorizationDetails(r, s)
	if err != nil {
		c.failed(w, r, "graph", v, err)
		return
	}
	for _, u := range all.UserDetailList {
		un := g.add(deref(u.Arn), deref(u.UserName), "/users/"+url.PathEscape(deref(u.UserName)), colUser)
		for _, name := range u.GroupList {
			gn := g.add("group:"+name, name, "/groups/"+url.PathEscape(name), colGroup)
			g.connect(un.ID, gn.ID, "member of the group")
		}
	}
	accountRoles := c.addRoles(g, all.RoleDetailList, s.account)
	if err := c.addAssumers(r, s, g, all.UserDetailList, accountRoles); err != nil {
		c.failed(w, r, "graph", v, err)
		return
	}
	g.layout()
	c.render(w, r, http.StatusOK, "graph", v)
}

// addRoles adds the roles and what their trust policies name: principals of the account are
// connected directly, others get a node outside. It returns the roles that trust the account
// itself (whose assumers are the account's identities that policies allow).
func (c *Console) addRoles(g *graph, roles []iamwire.RoleDetail, account string) []string {
	var trustingAccount []string
	root := "arn:aws:iam::" + account + ":root"
	for _, x := range roles {
		rn := g.add(deref(x.Arn), deref(x.RoleName), "/roles/"+url.PathEscape(deref(x.RoleName)), colRole)
		for _, p := range trustedPrincipals(document(x.AssumeRolePolicyDocument)) {
			switch {
			case p == root:
				trustingAccount = append(trustingAccount, rn.ID)
			case g.index[p] != nil && g.index[p].Col == colUser:
				g.connect(p, rn.ID, "named by the trust policy")
			default:
				on := g.add("outside:"+p, p, "", colOutside)
				g.connect(rn.ID, on.ID, "trusted by the role (may assume it)")
			}
		}
	}
	return trustingAccount
}

// addAssumers connects each user to the account-trusting roles its policies let it assume.
func (c *Console) addAssumers(r *http.Request, s *session, g *graph, users []iamwire.UserDetail, roles []string) error {
	if len(roles) == 0 {
		return nil
	}
	if len(users) > maxGraphUsers {
		users, g.Truncated = users[:maxGraphUsers], true
	}
	for _, u := range users {
		p := url.Values{"PolicySourceArn": {deref(u.Arn)}, "ActionNames.member.1": {"sts:AssumeRole"}}
		members(p, "ResourceArns", roles)
		out, err := call[iamwire.SimulatePrincipalPolicyOutput](c, r, s, "SimulatePrincipalPolicy", p)
		if err != nil {
			return err
		}
		for _, res := range out.EvaluationResults {
			for _, e := range explain(res) {
				if e.Decision == "allowed" && slices.Contains(roles, e.Resource) {
					g.connect(deref(u.Arn), e.Resource, "may assume the role (its policies allow sts:AssumeRole)")
				}
			}
		}
	}
	return nil
}

// shortLabel fits a label in a box.
func shortLabel(s string) string {
	if len(s) <= 30 {
		return s
	}
	return s[:14] + "…" + s[len(s)-14:]
}
