package scan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charte/charte/inventory"
)

// classify finds a name's category: the inventory first, then the Open
// Cookie Database mapped onto Charte's categories, else unknown.
func (s *scanner) classify(name, domain string, thirdParty bool) Class {
	if s.o.Site != nil {
		for _, row := range s.o.Site.Cookies {
			if row.MatchName(name) {
				return Class{Source: "inventory", Category: row.Category, Provider: row.Provider}
			}
		}
	}
	if k := s.db.Lookup(name, domain); k != nil {
		return Class{Source: "database", Category: charteCategory(k.Category, thirdParty), Known: k}
	}
	return Class{Source: "unknown"}
}

// needsConsent reports whether a category asks for the visitor's consent.
func (s *scanner) needsConsent(category string) bool {
	if category == "" {
		return false
	}
	if s.o.Site != nil {
		if c := s.o.Site.Category(category); c != nil {
			return !c.Required
		}
	}
	return category != inventory.Necessary
}

// beforeConsent are the passes where nothing optional may run.
var beforeConsent = []string{PassNoChoice, PassRefuseAll}

// findings compares what the passes saw with the inventory.
func (s *scanner) findings() {
	r := s.r
	// add merges the same finding seen on several pages or passes.
	var fs []Finding
	index := map[string]int{}
	add := func(f Finding, pass, page string) {
		key := f.Severity + "|" + f.Kind + "|" + f.Name
		i, ok := index[key]
		if !ok {
			i = len(fs)
			index[key] = i
			fs = append(fs, f)
		}
		g := &fs[i]
		if pass != "" && !slices.Contains(g.Passes, pass) {
			g.Passes = append(g.Passes, pass)
		}
		if page != "" && !slices.Contains(g.Pages, page) {
			g.Pages = append(g.Pages, page)
		}
	}

	ran := map[string]bool{}
	for _, p := range r.Passes {
		ran[p.Name] = p.Skipped == ""
	}
	for _, p := range r.Passes {
		before := slices.Contains(beforeConsent, p.Name)
		for _, c := range p.Cookies {
			optional := s.needsConsent(c.Class.Category)
			if before && optional {
				add(Finding{Severity: Violation, Kind: "cookie", Name: c.Name, Category: c.Class.Category, Source: c.Class.Source,
					Detail: fmt.Sprintf("%s cookie (%s) present without consent", c.Class.Category, describe(c.Class))}, p.Name, c.Page)
			}
			if c.Class.Source != "inventory" {
				add(Finding{Severity: Undeclared, Kind: "cookie", Name: c.Name, Category: c.Class.Category, Source: c.Class.Source,
					Detail: "not in the inventory; " + dbSays(c.Class)}, p.Name, c.Page)
			}
			if optional && max(c.Days, c.Asked) > LifetimeDays+0.5 {
				kept := fmt.Sprintf("%.0f days", c.Days)
				if c.Asked > 0 {
					kept = fmt.Sprintf("%.0f days (the browser keeps %.0f)", c.Asked, c.Days)
				}
				add(Finding{Severity: Lifetime, Kind: "cookie", Name: c.Name, Category: c.Class.Category, Source: c.Class.Source,
					Detail: fmt.Sprintf("a %s cookie kept %s, over 13 months (%d days)", c.Class.Category, kept, LifetimeDays)}, p.Name, c.Page)
			}
		}
		for _, k := range p.Storage {
			if before && s.needsConsent(k.Class.Category) {
				add(Finding{Severity: Violation, Kind: "storage", Name: k.Key, Category: k.Class.Category, Source: k.Class.Source,
					Detail: fmt.Sprintf("%s key of %s (%s) written without consent", k.Kind, k.Class.Category, describe(k.Class))}, p.Name, k.Page)
			}
		}
		for _, q := range p.Requests {
			if before && q.Tracker {
				add(Finding{Severity: Violation, Kind: "request", Name: q.Host,
					Detail: "request to a tracker's host (listed by the Open Cookie Database) before consent: " + q.URL}, p.Name, q.Page)
			}
		}
	}

	// Stale: inventory rows nothing matched once everything was accepted.
	if s.o.Site != nil {
		where, note := []string{PassAcceptAll}, ""
		if !ran[PassAcceptAll] {
			where, note = []string{PassNoChoice}, " (the accept-all pass did not run: checked against the no-choice pass)"
		}
		for _, row := range s.o.Site.Cookies {
			if !s.seen(row, where) {
				name := strings.Join(row.Names, ", ")
				if row.Pattern != "" {
					name = strings.TrimPrefix(name+", "+row.Pattern, ", ")
				}
				fs = append(fs, Finding{Severity: Stale, Kind: "inventory", Name: name, Category: row.Category, Source: "inventory",
					Detail: fmt.Sprintf("declared (%s, %s) but never seen with everything accepted%s", row.Provider, row.Service.Get("en"), note)})
			}
		}
	}
	order := map[string]int{Violation: 0, Undeclared: 1, Lifetime: 2, Stale: 3}
	slices.SortStableFunc(fs, func(a, b Finding) int { return order[a.Severity] - order[b.Severity] })
	r.Findings = fs
	if r.Findings == nil {
		r.Findings = []Finding{}
	}

	sum := &r.Summary
	for _, p := range r.Pages {
		sum.Pages++
		if !p.scanOK {
			sum.Problems++
		}
	}
	for _, f := range fs {
		switch f.Severity {
		case Violation:
			sum.Violations++
		case Undeclared:
			sum.Undeclared++
		case Stale:
			sum.Stale++
		case Lifetime:
			sum.Lifetime++
		}
	}
	switch {
	case sum.Problems == sum.Pages:
		sum.Exit = 2 // not one page could be scanned
	case sum.Violations+sum.Undeclared > 0:
		sum.Exit = 1
	}
}

// seen reports whether a cookie or storage key of a pass matches the row.
func (s *scanner) seen(row inventory.Cookie, passes []string) bool {
	for _, p := range s.r.Passes {
		if !slices.Contains(passes, p.Name) {
			continue
		}
		for _, c := range p.Cookies {
			if row.MatchName(c.Name) {
				return true
			}
		}
		for _, k := range p.Storage {
			if row.MatchName(k.Key) {
				return true
			}
		}
	}
	return false
}

// describe says where a category comes from.
func describe(c Class) string {
	switch c.Source {
	case "inventory":
		return "declared, " + c.Provider
	case "database":
		return "Open Cookie Database: " + c.Known.Platform + ", " + c.Known.Category
	}
	return "unknown"
}

// dbSays is what the Open Cookie Database knows of an undeclared name.
func dbSays(c Class) string {
	if c.Known == nil {
		return "unknown to the Open Cookie Database"
	}
	k := c.Known
	s := fmt.Sprintf("Open Cookie Database: %s, %s (→ %s): %s", k.Platform, k.Category, c.Category, strings.TrimSuffix(k.Description, "."))
	if k.Retention != "" {
		s += "; kept " + k.Retention
	}
	return s
}
