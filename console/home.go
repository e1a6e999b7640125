package console

import (
	"net/http"
	"sort"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// dashboardData is the home page: who is signed in, and the account's counts when the principal
// may read them (iam:GetAccountSummary).
type dashboardData struct {
	ARN, Account string
	MFA          bool
	Aliases      []string
	Summary      []summaryEntry
	Errors       map[string]string
}

type summaryEntry struct {
	Name  string
	Value int32
}

func (c *Console) dashboard(w http.ResponseWriter, r *http.Request, s *session) {
	d := &dashboardData{ARN: s.caller.ARN, Account: s.account, MFA: s.mfa, Errors: map[string]string{}}
	if out, err := call[iamwire.GetAccountSummaryOutput](c, r, s, "GetAccountSummary", nil); err != nil {
		d.Errors["summary"] = errText(err)
	} else {
		for k, v := range out.SummaryMap {
			d.Summary = append(d.Summary, summaryEntry{k, v})
		}
		sort.Slice(d.Summary, func(i, j int) bool { return d.Summary[i].Name < d.Summary[j].Name })
	}
	if out, err := call[iamwire.ListAccountAliasesOutput](c, r, s, "ListAccountAliases", nil); err != nil {
		d.Errors["aliases"] = errText(err)
	} else {
		d.Aliases = out.AccountAliases
	}
	c.render(w, r, http.StatusOK, "home", &view{Title: "Home", Section: "home", Data: d})
}
