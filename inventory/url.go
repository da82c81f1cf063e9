package inventory

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// MaxURLLen bounds a config URL, in bytes.
const MaxURLLen = 2000

// urlProblem says why s is not a clean absolute http(s) URL, or "" when it
// is one. Clean means as a browser's address bar copies it: printable
// ASCII without quotes, angle brackets, backslashes or spaces (anything
// else percent-encoded), a lower-case http or https scheme, a host name,
// and no user name or password. Charte escapes what it writes, but a URL
// that needs escaping to be safe is a typo or an attack, not an address.
func urlProblem(s string) string {
	if len(s) > MaxURLLen {
		return fmt.Sprintf("it is %d bytes long, more than %d", len(s), MaxURLLen)
	}
	for _, r := range s {
		switch {
		case r <= ' ' || r == 0x7f:
			return "it holds a space or a control character"
		case r > 0x7e:
			return fmt.Sprintf("it holds %q, which must be percent-encoded", r)
		case strings.ContainsRune("\"'<>\\^`{|}", r):
			return fmt.Sprintf("it holds %q, which must be percent-encoded", r)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "it cannot be read as a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "it does not start with https:// or http://"
	case u.Opaque != "" || !strings.HasPrefix(s, u.Scheme+"://"):
		return "it does not start with https:// or http://"
	case u.User != nil:
		return "it carries a user name or password"
	case u.Host == "" || !validHost(u.Hostname()):
		return "it names no valid host"
	}
	if p := u.Port(); p != "" && (len(p) > 5 || strings.Trim(p, "0123456789") != "") {
		return "its port is not a number"
	}
	return ""
}

// validHost accepts a DNS name or an IP address.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	return len(h) <= 253 && domainRe.MatchString(strings.ToLower(strings.TrimSuffix(h, ".")))
}

const urlFix = "write the full address as a browser shows it, e.g. \"https://data.example.org/privacy\", with any quote, space or accent percent-encoded (%22, %20, %C3%A9)"
