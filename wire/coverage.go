package wire

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Coverage pairs a service model with the operations Gatehouse really implements.
type Coverage struct {
	Service *Service
	// Implemented names the operations that are done. An operation whose handler still answers
	// NotImplemented must not be listed.
	Implemented []string
	// Pending says, for operations not implemented, why not or when: shown beside them so the
	// report explains its gaps. Naming an implemented or unknown operation is an error.
	Pending map[string]string
	// Note, when not "", is a paragraph shown under the service's heading: what implemented
	// operations mean where Gatehouse has nothing of what AWS does beside them (no bills).
	Note string
}

// Coverage statuses as docs/api-coverage.md spells them.
const (
	StatusImplemented    = "implemented"
	StatusNotImplemented = "not implemented"
)

// WriteCoverage writes the API coverage report (docs/api-coverage.md): every operation of every given
// service model with its status. It fails if an implemented name is not an operation of its model, so a
// typo or a model change cannot pass silently. The output depends only on its inputs, so a test can
// regenerate it and compare it with the committed file.
func WriteCoverage(w io.Writer, entries ...Coverage) error {
	done := make([]map[string]bool, len(entries))
	for i, e := range entries {
		done[i] = make(map[string]bool, len(e.Implemented))
		for _, name := range e.Implemented {
			if _, ok := e.Service.Operation(name); !ok {
				return fmt.Errorf("wire: coverage: %s has no operation %q", e.Service.ID, name)
			}
			done[i][name] = true
		}
		for name := range e.Pending {
			if _, ok := e.Service.Operation(name); !ok || done[i][name] {
				return fmt.Errorf("wire: coverage: %s %q is implemented or not an operation, yet has a pending note", e.Service.ID, name)
			}
		}
	}

	b := bufio.NewWriter(w)
	fmt.Fprint(b, "# API coverage\n\n")
	fmt.Fprint(b, "Generated from the pinned AWS service models (`wire/models`) and each service's operations table; "+
		"do not edit by hand. An operation is *implemented* only when its handler is real; the rest answer "+
		"`NotImplemented` (HTTP 501).\n\n")
	fmt.Fprint(b, "| Service | API version | Operations | Implemented |\n|---|---|---:|---:|\n")
	for i, e := range entries {
		fmt.Fprintf(b, "| %s | %s | %d | %d |\n", e.Service.ID, e.Service.APIVersion, len(e.Service.Operations), len(done[i]))
	}
	for i, e := range entries {
		fmt.Fprintf(b, "\n## %s — %s (%s)\n\n", e.Service.ID, e.Service.FullName, e.Service.APIVersion)
		if e.Note != "" {
			fmt.Fprintf(b, "%s\n\n", strings.Join(strings.Fields(e.Note), " "))
		}
		fmt.Fprint(b, "| Operation | Status | Paginated | Description |\n|---|---|---|---|\n")
		for _, op := range e.Service.Operations {
			status := StatusNotImplemented
			if done[i][op.Name] {
				status = StatusImplemented
			} else if why := e.Pending[op.Name]; why != "" {
				status += ": " + tableCell(why)
			}
			paginated := ""
			if op.Pagination != nil {
				paginated = "yes"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", op.Name, status, paginated, tableCell(op.Doc))
		}
	}
	return b.Flush()
}

// tableCell keeps a documentation sentence from breaking a Markdown table row.
func tableCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
