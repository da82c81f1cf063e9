package scan

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

var severityTitle = map[string]string{
	Violation:  "VIOLATION: present without consent",
	Undeclared: "UNDECLARED: not in the inventory",
	Lifetime:   "LIFETIME: a consent-based cookie kept over 13 months",
	Stale:      "STALE: declared, never seen with everything accepted",
}

var severities = []string{Violation, Undeclared, Lifetime, Stale}

// WriteJSON writes the full report.
func (r *Report) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	return e.Encode(r)
}

// WriteText writes the findings grouped by severity, then the pages that
// could not be scanned and the verdict: what stdout shows.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "charte scan: %d pages, %s", r.Summary.Pages, r.passLine())
	if r.Site != "" {
		fmt.Fprintf(w, ", inventory %s", r.Config)
	} else {
		fmt.Fprint(w, ", no inventory (-config): every cookie is undeclared")
	}
	fmt.Fprintf(w, ", %.1f s\n", r.Seconds)
	for _, p := range r.Passes {
		if p.Skipped != "" {
			fmt.Fprintf(w, "pass %s skipped: %s\n", p.Name, p.Skipped)
		}
	}
	for _, p := range r.Pages {
		if !p.Charte && strings.Contains(p.Notes, "embed.js") {
			fmt.Fprintf(w, "%s: %s\n", p.URL, p.Notes)
		}
	}
	for _, sev := range severities {
		fs := r.bySeverity(sev)
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d)\n", severityTitle[sev], len(fs))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  KIND\tNAME\tCATEGORY\tPASSES\tFIRST PAGE\tDETAIL")
		for _, f := range fs {
			first := "-"
			if len(f.Pages) > 0 {
				first = f.Pages[0]
				if len(f.Pages) > 1 {
					first += fmt.Sprintf(" (+%d)", len(f.Pages)-1)
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", f.Kind, f.Name, or(f.Category, "-"), or(strings.Join(f.Passes, ","), "-"), first, f.Detail)
		}
		tw.Flush()
	}
	problems := r.problems()
	if len(problems) > 0 {
		fmt.Fprintf(w, "\nNOT SCANNED (%d)\n", len(problems))
		for _, p := range problems {
			fmt.Fprintf(w, "  %s: %s\n", p.URL, p.Error)
		}
	}
	fmt.Fprintf(w, "\n%s\n", r.verdict())
}

// bySeverity lists the findings of one severity, in report order.
func (r *Report) bySeverity(sev string) []Finding {
	return slices.DeleteFunc(slices.Clone(r.Findings), func(f Finding) bool { return f.Severity != sev })
}

func (r *Report) passLine() string {
	var ran []string
	for _, p := range r.Passes {
		if p.Skipped == "" {
			ran = append(ran, p.Name)
		}
	}
	return "passes " + strings.Join(ran, ", ")
}

func (r *Report) problems() []Page {
	var out []Page
	for _, p := range r.Pages {
		if p.Error != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r *Report) verdict() string {
	s := r.Summary
	counts := fmt.Sprintf("%d violations, %d undeclared, %d over 13 months, %d stale, %d pages not scanned",
		s.Violations, s.Undeclared, s.Lifetime, s.Stale, s.Problems)
	switch s.Exit {
	case 0:
		return "OK: nothing runs without consent and every cookie is declared (" + counts + ")"
	case 1:
		return "FAIL: " + counts
	}
	return "NOT RUN: no page could be scanned (" + counts + ")"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// md escapes text for a Markdown table cell.
func md(s string) string {
	s = strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "'").Replace(s)
	return s
}

var passTitle = map[string]string{
	PassNoChoice:  "before any choice",
	PassRefuseAll: "after “Tout refuser” (refuse all)",
	PassAcceptAll: "after “Tout accepter” (accept all)",
}

// WriteMarkdown writes the report for a data protection officer: what was
// checked, what is wrong, then every cookie seen in each pass.
func (r *Report) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# Cookie scan of %s\n\n", strings.Join(r.URLs, ", "))
	fmt.Fprintf(w, "Scanned on %s UTC by `charte scan` in headless Chromium, %d pages",
		r.Started.Format("2006-01-02 15:04"), r.Summary.Pages)
	if r.Site != "" {
		fmt.Fprintf(w, ", against the inventory `%s`.\n\n", r.Config)
	} else {
		fmt.Fprint(w, ", with no inventory: every cookie counts as undeclared.\n\n")
	}
	fmt.Fprintf(w, "**%s**\n\n", r.verdict())
	fmt.Fprint(w, "Each page was visited three times, each time in a fresh browser: before any choice, after refusing everything and after accepting everything (through the site's Charte widget).\n\n")
	skipped := false
	for _, p := range r.Passes {
		if p.Skipped != "" {
			fmt.Fprintf(w, "- The pass %s did not run: %s.\n", passTitle[p.Name], p.Skipped)
			skipped = true
		}
	}
	if skipped {
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "## Findings\n\n")
	if len(r.Findings) == 0 {
		fmt.Fprint(w, "None.\n\n")
	}
	for _, sev := range severities {
		fs := r.bySeverity(sev)
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(w, "### %s (%d)\n\n| What | Name | Category | When | Where | Details |\n| --- | --- | --- | --- | --- | --- |\n", severityTitle[sev], len(fs))
		for _, f := range fs {
			var when []string
			for _, p := range f.Passes {
				when = append(when, passTitle[p])
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s |\n", f.Kind, strings.ReplaceAll(f.Name, "`", "'"), md(or(f.Category, "—")),
				md(or(strings.Join(when, "; "), "—")), md(or(strings.Join(f.Pages, " "), "—")), md(f.Detail))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "## Pages scanned\n\n")
	for _, p := range r.Pages {
		if p.Error == "" {
			note := ""
			if !p.Charte {
				note = " (" + md(p.Notes) + ")"
			}
			fmt.Fprintf(w, "- %s%s\n", md(p.URL), note)
		}
	}
	fmt.Fprintln(w)
	if problems := r.problems(); len(problems) > 0 {
		fmt.Fprint(w, "## Pages not scanned\n\n")
		for _, p := range problems {
			fmt.Fprintf(w, "- %s: %s\n", md(p.URL), md(p.Error))
		}
		fmt.Fprintln(w)
	}
	for _, p := range r.Passes {
		if p.Skipped != "" {
			continue
		}
		fmt.Fprintf(w, "## Cookies %s\n\n", passTitle[p.Name])
		if len(p.Cookies) == 0 {
			fmt.Fprint(w, "None.\n\n")
		} else {
			fmt.Fprint(w, "| Name | Domain | Party | Kept | Category | Declared | Set by | First page |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
			for _, c := range p.Cookies {
				party, kept := "first", "session"
				if c.ThirdParty {
					party = "third"
				}
				switch {
				case c.Asked > 0:
					kept = fmt.Sprintf("%.0f days (asked %.0f)", c.Days, c.Asked)
				case c.Expires != nil && c.Days >= 1:
					kept = fmt.Sprintf("%.0f days", c.Days)
				case c.Expires != nil:
					kept = fmt.Sprintf("%.1f hours", c.Days*24)
				}
				if c.Deleted {
					kept = "set, then deleted"
				}
				declared := map[string]string{"inventory": "yes", "database": "no (known)", "unknown": "no (unknown)"}[c.Class.Source]
				setBy := c.SetBy
				switch {
				case strings.HasPrefix(c.SetFrom, "inline script"):
					setBy = c.SetFrom
				case c.SetFrom != "":
					setBy += " " + c.SetFrom
				}
				fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", strings.ReplaceAll(c.Name, "`", "'"), md(c.Domain), party, kept,
					md(or(c.Class.Category, "—")), declared, md(setBy), md(c.Page))
			}
			fmt.Fprintln(w)
		}
		if len(p.Storage) > 0 {
			fmt.Fprint(w, "Browser storage: ")
			var ks []string
			for _, k := range p.Storage {
				ks = append(ks, fmt.Sprintf("`%s` (%s, %s)", strings.ReplaceAll(k.Key, "`", "'"), k.Kind, or(k.Class.Category, "unknown")))
			}
			fmt.Fprintf(w, "%s.\n\n", strings.Join(ks, ", "))
		}
		if len(p.Requests) > 0 {
			fmt.Fprint(w, "Third-party hosts contacted: ")
			var hs []string
			for _, q := range p.Requests {
				h := md(q.Host)
				if q.Tracker {
					h += " (tracker)"
				}
				hs = append(hs, h)
			}
			fmt.Fprintf(w, "%s.\n\n", strings.Join(hs, ", "))
		}
	}
	fmt.Fprint(w, "Cookies not in the inventory are identified with the Open Cookie Database (Apache-2.0).\n")
}
