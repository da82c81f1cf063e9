package scan

import "time"

// The three passes, in the order they run.
const (
	PassNoChoice  = "no-choice"
	PassRefuseAll = "refuse-all"
	PassAcceptAll = "accept-all"
)

// Severities of a finding.
const (
	Violation  = "violation"
	Undeclared = "undeclared"
	Stale      = "stale"
	Lifetime   = "lifetime"
)

// Report is everything a scan saw and concluded; -json writes it as is.
type Report struct {
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"`
	Site     string    `json:"site,omitempty"`   // the config's site id
	Config   string    `json:"config,omitempty"` // the config file
	URLs     []string  `json:"urls"`
	Pages    []Page    `json:"pages"`
	Passes   []Pass    `json:"passes"`
	Findings []Finding `json:"findings"`
	Summary  Summary   `json:"summary"`
}

// Page is one URL the crawl reached.
type Page struct {
	URL    string `json:"url"`
	Depth  int    `json:"depth"`
	Charte bool   `json:"charte"`           // window.charte is on the page
	Error  string `json:"error,omitempty"`  // why it was not scanned
	Status int    `json:"status,omitempty"` // HTTP status of the document
	Final  string `json:"final,omitempty"`  // where redirects led, when elsewhere
	Parent string `json:"from,omitempty"`   // the page that linked to it
	Bytes  int64  `json:"bytes,omitempty"`  // the document's size on the wire
	Notes  string `json:"notes,omitempty"`  // e.g. the page has no Charte
	scanOK bool   // scanned in the first pass: later passes visit it
	site   string // the host the crawl started from
}

// Pass is one visit of every page in a fresh browser profile.
type Pass struct {
	Name     string    `json:"name"`
	Skipped  string    `json:"skipped,omitempty"` // why the pass did not run
	Pages    []Visit   `json:"pages,omitempty"`
	Cookies  []Cookie  `json:"cookies"`
	Storage  []Storage `json:"storage"`
	Requests []Request `json:"thirdParties"`
}

// Visit is one page in one pass.
type Visit struct {
	URL    string `json:"url"`
	Error  string `json:"error,omitempty"`
	Choice bool   `json:"choice,omitempty"` // the choice was made on this page, then it was viewed again
}

// Cookie is one cookie in the browser after a page view, listed in the pass
// and on the page where it first appeared.
type Cookie struct {
	Name       string  `json:"name"`
	Domain     string  `json:"domain"`
	Path       string  `json:"path"`
	Expires    *string `json:"expires"`             // RFC 3339; null for a session cookie
	Days       float64 `json:"lifetimeDays"`        // from when it was seen; 0 for a session cookie
	Asked      float64 `json:"askedDays,omitempty"` // what the site asked for, when the browser kept it less (Chromium: 400 days at most)
	Secure     bool    `json:"secure"`
	HTTPOnly   bool    `json:"httpOnly"`
	SameSite   string  `json:"sameSite,omitempty"`
	ThirdParty bool    `json:"thirdParty"`
	Pass       string  `json:"pass"`
	Page       string  `json:"page"`
	SetBy      string  `json:"setBy"`             // header, script, or unknown
	SetFrom    string  `json:"setFrom,omitempty"` // the response or script URL
	Deleted    bool    `json:"deleted,omitempty"` // written during the view, deleted again before it was read
	Class      Class   `json:"class"`
}

// Storage is a localStorage or sessionStorage key of a page's origin.
type Storage struct {
	Kind   string `json:"kind"` // localStorage or sessionStorage
	Key    string `json:"key"`
	Origin string `json:"origin"`
	Pass   string `json:"pass"`
	Page   string `json:"page"`
	Class  Class  `json:"class"`
}

// Request is a third-party host a page contacted.
type Request struct {
	Host    string `json:"host"`
	URL     string `json:"url"` // the first URL asked of it
	Page    string `json:"page"`
	Pass    string `json:"pass"`
	Tracker bool   `json:"tracker"` // the Open Cookie Database lists it for analytics or marketing
}

// Class is where a name's category comes from.
type Class struct {
	Source   string `json:"source"`             // inventory, database or unknown
	Category string `json:"category,omitempty"` // a Charte category id
	Provider string `json:"provider,omitempty"` // the inventory row's provider
	Known    *Known `json:"database,omitempty"` // what the database says
}

// Finding is one thing the site does against its charte.
type Finding struct {
	Severity string   `json:"severity"` // violation, undeclared, stale, lifetime
	Kind     string   `json:"kind"`     // cookie, storage, request or inventory
	Name     string   `json:"name"`
	Passes   []string `json:"passes,omitempty"`
	Pages    []string `json:"pages,omitempty"`
	Category string   `json:"category,omitempty"`
	Source   string   `json:"source,omitempty"` // inventory, database or unknown
	Detail   string   `json:"detail"`
}

// Summary counts the findings and pages; Exit is the command's status.
type Summary struct {
	Pages      int `json:"pages"`
	Problems   int `json:"problems"` // pages that could not be scanned
	Violations int `json:"violations"`
	Undeclared int `json:"undeclared"`
	Stale      int `json:"stale"`
	Lifetime   int `json:"lifetime"`
	Exit       int `json:"exit"`
}
