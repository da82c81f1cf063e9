//go:build !(js && wasm)

package consent_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

// A Go back-end reads the visitor's choice from the request and sets an
// optional cookie only for a category the visitor accepted.
func ExampleAllowed() {
	site, err := inventory.LoadFile("../config/exemple.fr.json")
	if err != nil {
		panic(err)
	}
	statsID := func(w http.ResponseWriter, r *http.Request) {
		if consent.Allowed(r, site, "statistics") {
			http.SetCookie(w, &http.Cookie{Name: "_pk_id", Value: "1", Path: "/"})
		}
	}

	// No choice yet: nothing optional is set.
	r := httptest.NewRequest("GET", "https://exemple.fr/", nil)
	w := httptest.NewRecorder()
	statsID(w, r)
	fmt.Println("before a choice:", len(w.Result().Cookies()), "cookie")

	// The visitor accepted statistics on the banner: the widget wrote
	// cookies_preferences, which the browser sends with each request.
	choice := consent.New(site, []string{"statistics"}, time.Now())
	r.AddCookie(&http.Cookie{Name: "cookies_preferences", Value: choice.Value()})
	w = httptest.NewRecorder()
	statsID(w, r)
	fmt.Println("after accepting statistics:", len(w.Result().Cookies()), "cookie")

	c, source := consent.Effective(r, site)
	fmt.Println(source, c.Accepted)
	// Output:
	// before a choice: 0 cookie
	// after accepting statistics: 1 cookie
	// stored [necessary statistics]
}
