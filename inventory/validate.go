package inventory

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

var languageNames = map[string]string{"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch"}

// validate fills defaults and checks every rule that JSON types cannot say.
func (p *parser) validate(s *Site) {
	if strings.TrimSpace(s.Name) == "" {
		p.err("name", "the site name is empty", `write the portal's name, e.g. "name": "data.tco.re"`)
	}
	p.checkChars("name", s.Name)
	if s.URL == "" {
		p.err("url", "the site URL is missing", `add "url": "https://…", the portal's address`)
	} else if why := urlProblem(s.URL); why != "" {
		p.err("url", fmt.Sprintf("%q is not an http(s) URL: %s", s.URL, why), urlFix)
	}

	// Languages.
	if len(s.Languages) == 0 && !p.has("languages") {
		s.Languages = []string{"fr", "en"}
	}
	if len(s.Languages) == 0 {
		p.err("languages", "no language is listed", `list at least "fr"`)
	}
	for i, l := range s.Languages {
		path := "languages[" + strconv.Itoa(i) + "]"
		switch {
		case !slices.Contains(Supported, l):
			p.err(path, fmt.Sprintf("Charte has no interface text in %q", l), "use "+strings.Join(Supported, " or "))
		case slices.Index(s.Languages, l) != i:
			p.err(path, fmt.Sprintf("%q is listed twice", l), "keep it once")
		}
	}
	if !slices.Contains(s.Languages, "fr") && len(s.Languages) > 0 {
		p.err("languages", `French ("fr") is missing`, `add "fr": the charte is written in French first`)
	}
	if s.DefaultLanguage == "" {
		s.DefaultLanguage = "fr"
	} else if !slices.Contains(s.Languages, s.DefaultLanguage) {
		p.err("defaultLanguage", fmt.Sprintf("%q is not one of the site's languages", s.DefaultLanguage), "use one of "+strings.Join(s.Languages, ", "))
	}

	if !p.has("revision") {
		s.Revision = 1
	} else if s.Revision < 1 {
		p.err("revision", "the revision must be 1 or more", "start at 1 and add one each time visitors must be asked again")
	}
	switch {
	case !p.has("lifetimeDays"):
		s.LifetimeDays = DefaultLifetimeDays
	case s.LifetimeDays < 1:
		p.err("lifetimeDays", "the consent lifetime must be at least one day", fmt.Sprintf("remove it for the default of %d days (6 months)", DefaultLifetimeDays))
	case s.LifetimeDays > MaxLifetimeDays:
		p.err("lifetimeDays", fmt.Sprintf("%d days is more than 13 months", s.LifetimeDays),
			fmt.Sprintf("use at most %d days: a choice must be asked again after 13 months at most (CNIL)", MaxLifetimeDays))
	}
	if s.CookieDomain != "" {
		p.checkDomain(s)
	}

	p.checkCategories(s)
	p.checkCookies(s)
	p.checkTheme(s)

	for _, key := range slices.Sorted(maps.Keys(s.ConsentMode)) {
		path := "consentMode." + key
		if !slices.Contains(ConsentModeKeys, key) {
			p.errAt(p.keys[path], path, fmt.Sprintf("%q is not a Consent Mode key", key), suggest(key, ConsentModeKeys))
			continue
		}
		for i, c := range s.ConsentMode[key] {
			if s.Category(c) == nil {
				p.err(path+"["+strconv.Itoa(i)+"]", fmt.Sprintf("unknown category %q", c), "use one of "+strings.Join(s.CategoryIDs(), ", "))
			}
		}
	}
	switch {
	case s.ProofRetentionDays == 0:
		s.ProofRetentionDays = DefaultProofRetentionDays
	case s.ProofRetentionDays < 1 || s.ProofRetentionDays > MaxProofRetentionDays:
		p.err("proofRetentionDays", fmt.Sprintf("%d days is not between 1 and %d", s.ProofRetentionDays, MaxProofRetentionDays),
			fmt.Sprintf("remove it for the default of %d days (2 years)", DefaultProofRetentionDays))
	}
	if why := urlProblem(s.ProofEndpoint); s.ProofEndpoint != "" && why != "" {
		p.err("proofEndpoint", fmt.Sprintf("%q is not an http(s) URL: %s", s.ProofEndpoint, why), "give the https:// address that receives the proofs, or remove it; "+urlFix)
	}
}

func (p *parser) checkDomain(s *Site) {
	d := strings.ToLower(s.CookieDomain)
	if !domainRe.MatchString(d) || !strings.Contains(strings.Trim(d, "."), ".") {
		p.err("cookieDomain", fmt.Sprintf("%q is not a domain name", s.CookieDomain), `write the parent domain shared by the site's hosts, e.g. ".herault-data.fr"`)
		return
	}
	if u, err := url.Parse(s.URL); err == nil && u.Hostname() != "" {
		host, bare := u.Hostname(), strings.TrimPrefix(d, ".")
		if host != bare && !strings.HasSuffix(host, "."+bare) {
			p.err("cookieDomain", fmt.Sprintf("%s is not within %s, so the browser would refuse the cookie", host, bare),
				"use the site's own domain or one of its parents")
		}
	}
	s.CookieDomain = d
}

func (p *parser) checkCategories(s *Site) {
	if !p.has("categories") {
		s.Categories = BuiltinCategories()
	}
	if len(s.Categories) > MaxCategories {
		p.err("categories", fmt.Sprintf("%d categories, more than %d", len(s.Categories), MaxCategories),
			fmt.Sprintf("group purposes into at most %d categories: every one is a choice for the visitor, and the consent cookie must hold them all", MaxCategories))
	}
	seen := map[string]bool{}
	for i := range s.Categories {
		c := &s.Categories[i]
		path := "categories[" + strconv.Itoa(i) + "]"
		if !categoryRe.MatchString(c.ID) {
			p.err(path+".id", fmt.Sprintf("%q is not a valid category id", c.ID), "use lower-case letters, digits and hyphens, e.g. \"statistics\"")
			continue
		}
		if seen[c.ID] {
			p.err(path+".id", fmt.Sprintf("category %q is listed twice", c.ID), "keep one of them")
		}
		seen[c.ID] = true
		b, isBuiltin := builtin[c.ID]
		if c.ID == Necessary {
			if p.has(path+".required") && !c.Required {
				p.err(path+".required", `the "necessary" category cannot be refused`, `set "required": true`)
			}
			c.Required = true
		}
		if isBuiltin {
			c.Title = fill(c.Title, b.Title.in(s.Languages), p.has(path+".title"))
			c.Description = fill(c.Description, b.Description.in(s.Languages), p.has(path+".description"))
		}
		p.checkText(s, path+".title", c.Title, "the category's title")
		p.checkText(s, path+".description", c.Description, "the category's description")
	}
	if len(s.Categories) > 0 && !seen[Necessary] {
		p.err("categories", `the "necessary" category is missing`, `add { "id": "necessary", "required": true }: the cookies_preferences cookie itself belongs to it`)
	}
}

// fill takes Charte's built-in text where the config gives none.
func fill(t, def Text, given bool) Text {
	if !given {
		return def
	}
	return t
}

// checkText requires a text in every language of the site.
func (p *parser) checkText(s *Site, path string, t Text, what string) {
	for _, l := range s.Languages {
		if strings.TrimSpace(t[l]) == "" {
			name := languageNames[l]
			if name == "" {
				name = l
			}
			p.err(path, fmt.Sprintf("%s has no %s text (%q)", what, name, l), fmt.Sprintf(`add "%s": "…"`, l))
		}
	}
	for _, l := range slices.Sorted(maps.Keys(t)) {
		p.checkChars(path+"."+l, t[l])
	}
	for _, l := range slices.Sorted(maps.Keys(t)) {
		if !slices.Contains(s.Languages, l) {
			p.errAt(p.keys[path+"."+l], path+"."+l, fmt.Sprintf("%q is not one of the site's languages", l), "add it to \"languages\" or remove this text")
		}
	}
}

func (p *parser) checkCookies(s *Site) {
	if len(s.Cookies) > MaxCookies {
		p.err("cookies", fmt.Sprintf("%d rows, more than %d", len(s.Cookies), MaxCookies), fmt.Sprintf("list at most %d services; group a provider's cookies in one row", MaxCookies))
	}
	names := 0
	for _, c := range s.Cookies {
		names += len(c.Pattern)
		for _, n := range c.Names {
			names += len(n)
		}
	}
	if names > MaxNamesBytes {
		p.err("cookies", fmt.Sprintf("the cookie names and patterns add up to %d bytes, more than %d", names, MaxNamesBytes),
			`every page view downloads them in embed.js: use a "pattern" with * for names that vary`)
	}
	firstSeen := map[string]string{} // cookie name → path where first listed
	for i := range s.Cookies {
		c := &s.Cookies[i]
		path := "cookies[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(c.Provider) == "" {
			p.err(path+".provider", "the provider is missing", `name who sets the cookie, e.g. "provider": "Opendatasoft"`)
		}
		p.checkChars(path+".provider", c.Provider)
		if len(c.Names) > MaxNames {
			p.err(path+".names", fmt.Sprintf("%d names, more than %d", len(c.Names), MaxNames), `use a "pattern" with * for names that vary`)
		}
		p.checkText(s, path+".service", c.Service, "the service")
		p.checkText(s, path+".purpose", c.Purpose, "the purpose")
		if p.has(path + ".duration") {
			p.checkText(s, path+".duration", c.Duration, "the duration")
		}
		switch {
		case c.Category == "":
			p.err(path+".category", "the cookie has no category", `add "category": one of `+strings.Join(s.CategoryIDs(), ", "))
		case s.Category(c.Category) == nil:
			p.err(path+".category", fmt.Sprintf("unknown category %q", c.Category),
				"use one of "+strings.Join(s.CategoryIDs(), ", ")+", or add it under \"categories\"")
		}
		if len(c.Names) == 0 && c.Pattern == "" {
			p.err(path+".names", "no cookie name is given", `list the cookies' names, e.g. "names": ["sessionid"], or give a "pattern"`)
		}
		for j, n := range c.Names {
			np := path + ".names[" + strconv.Itoa(j) + "]"
			if len(n) > MaxNameLen {
				p.err(np, fmt.Sprintf("the name is %d bytes long, more than %d", len(n), MaxNameLen), "write the cookie's exact name")
				continue
			}
			if !cookieNameRe.MatchString(n) || strings.Contains(n, "*") {
				p.err(np, fmt.Sprintf("%q is not a cookie name", n), `write the exact name; for names that vary, use "pattern" with *`)
				continue
			}
			if first, dup := firstSeen[n]; dup {
				line, col := p.lineCol(p.pos[first])
				p.err(np, fmt.Sprintf("cookie %q is already listed at %d:%d", n, line, col), "list each cookie once")
				continue
			}
			firstSeen[n] = np
		}
		if len(c.Pattern) > MaxNameLen {
			p.err(path+".pattern", fmt.Sprintf("the pattern is %d bytes long, more than %d", len(c.Pattern), MaxNameLen), "shorten it")
		} else if c.Pattern != "" && (!cookieNameRe.MatchString(c.Pattern) || !strings.Contains(c.Pattern, "*")) {
			p.err(path+".pattern", fmt.Sprintf("%q is not a name pattern", c.Pattern), `write the name with * where it varies, e.g. "_pk_id.*"`)
		}
		if why := urlProblem(c.Link); c.Link != "" && why != "" {
			p.err(path+".link", fmt.Sprintf("%q is not an http(s) link: %s", c.Link, why), "give the provider's privacy notice as an https:// address, or remove it; "+urlFix)
		}
	}
}

// MatchName reports whether a cookie name is listed by this row, by exact
// name or by pattern.
func (c *Cookie) MatchName(name string) bool {
	if slices.Contains(c.Names, name) {
		return true
	}
	return c.Pattern != "" && globMatch(c.Pattern, name)
}

// globMatch matches name against a pattern where * stands for any text.
func globMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	last := len(parts) - 1
	for _, part := range parts[1:last] {
		i := strings.Index(name, part)
		if i < 0 {
			return false
		}
		name = name[i+len(part):]
	}
	return strings.HasSuffix(name, parts[last])
}
