package scan

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The Open Cookie Database (jkwakman/Open-Cookie-Database, Apache-2.0, see
// ocd/LICENSE and NOTICE), a snapshot of commit 0ee5a17 (2026-01-21),
// gzipped: 568 KB of CSV become 149 KB in the binary.
//
//go:embed ocd/open-cookie-database.csv.gz
var ocdGz []byte

// Known is what the Open Cookie Database says of a cookie or storage key.
type Known struct {
	Platform    string `json:"platform"`
	Category    string `json:"category"` // the database's own: Analytics, Marketing, Functional…
	Description string `json:"description"`
	Retention   string `json:"retention,omitempty"`
	Controller  string `json:"controller,omitempty"`
	Privacy     string `json:"privacy,omitempty"` // the controller's privacy page
	Prefix      bool   `json:"prefix,omitempty"`  // the name is a prefix (_ga_ for _ga_ABC123)

	name       string
	domains    []string // where the cookie lives; empty: anywhere
	thirdParty bool     // the database says "(3rd party)": seen on any site
}

type database struct {
	exact    map[string][]*Known
	prefixes []*Known
	trackers []string // hosts of analytics and marketing rows
}

var (
	dbOnce sync.Once
	db     *database
	dbErr  error
)

func loadDB() (*database, error) {
	dbOnce.Do(func() { db, dbErr = parseDB(ocdGz) })
	return db, dbErr
}

var domainTokenRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

func parseDB(gz []byte) (*database, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	d := &database{exact: map[string][]*Known{}}
	trackers := map[string]bool{}
	for _, row := range rows[1:] { // the first row names the columns
		if len(row) < 10 || strings.TrimSpace(row[3]) == "" {
			continue
		}
		k := &Known{
			Platform: strings.TrimSpace(row[1]), Category: strings.TrimSpace(row[2]),
			name: strings.TrimSpace(row[3]), Description: strings.TrimSpace(row[5]),
			Retention: strings.TrimSpace(row[6]), Controller: strings.TrimSpace(row[7]),
			Prefix: strings.TrimSpace(row[9]) == "1",
		}
		if p := strings.TrimSpace(row[8]); strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "http://") {
			k.Privacy = p
		}
		k.domains, k.thirdParty = parseDomains(row[4])
		if k.Prefix {
			d.prefixes = append(d.prefixes, k)
		} else {
			d.exact[k.name] = append(d.exact[k.name], k)
		}
		if k.Category == "Analytics" || k.Category == "Marketing" {
			for _, h := range k.domains {
				trackers[h] = true
			}
		}
	}
	// Advertising tags the database knows only by their cookies' domains
	// (facebook.com, linkedin.com, doubleclick.net), not by the host
	// their script loads from.
	for _, h := range []string{"connect.facebook.net", "snap.licdn.com", "googlesyndication.com", "googleadservices.com"} {
		trackers[h] = true
	}
	d.trackers = slices.Sorted(maps.Keys(trackers))
	return d, nil
}

// parseDomains reads the free-text Domain column: "facebook.com (3rd party)",
// ".bing.com (3rd party) or .microsoft.com (3rd party)", "".
func parseDomains(s string) (domains []string, thirdParty bool) {
	s = strings.ToLower(strings.ReplaceAll(s, "\u200b", ""))
	thirdParty = strings.Contains(s, "3rd party")
	s = strings.ReplaceAll(s, "(3rd party)", " ")
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' }) {
		f = strings.Trim(f, ".")
		if f != "or" && domainTokenRe.MatchString(f) {
			domains = append(domains, f)
		}
	}
	return domains, thirdParty
}

// matches reports whether the row applies to a cookie on domain: rows bound
// to a domain ("sessionid" of instagram.com) do not name every site's
// cookie of that name.
func (k *Known) matches(domain string) bool {
	if len(k.domains) == 0 || k.thirdParty {
		return true
	}
	for _, d := range k.domains {
		if within(domain, d) {
			return true
		}
	}
	return false
}

// Lookup finds name, seen on domain, in the database: an exact name first,
// else the longest prefix.
func (d *database) Lookup(name, domain string) *Known {
	for _, k := range d.exact[name] {
		if k.matches(domain) {
			return k
		}
	}
	var best *Known
	for _, k := range d.prefixes {
		if strings.HasPrefix(name, k.name) && k.matches(domain) && (best == nil || len(k.name) > len(best.name)) {
			best = k
		}
	}
	return best
}

// Tracker reports whether host belongs to a domain the database lists for
// an analytics or marketing cookie.
func (d *database) Tracker(host string) bool {
	for _, t := range d.trackers {
		if within(host, t) {
			return true
		}
	}
	return false
}

// within reports whether host is domain or one of its subdomains.
func within(host, domain string) bool {
	host, domain = strings.TrimPrefix(host, "."), strings.TrimPrefix(domain, ".")
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// charteCategory maps the database's category onto Charte's four: a
// functional cookie is what Charte calls necessary ("cookies nécessaires /
// cookies fonctionnels"), analytics are statistics, and marketing or
// personalization is first- or third-party depending on who sets it.
func charteCategory(dbCategory string, thirdParty bool) string {
	switch dbCategory {
	case "Necessary", "Security", "Functional":
		return "necessary"
	case "Analytics":
		return "statistics"
	}
	if thirdParty {
		return "third-party"
	}
	return "first-party"
}
