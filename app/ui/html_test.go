package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Attribute values come out HTML-escaped, whatever they hold; text stays
// as go-app escaped it; bare ARIA attributes get their value.
func TestHTMLEscapesAttributes(t *testing.T) {
	got := HTML(app.Div().Aria("hidden", "true").Body(
		app.A().Href(`https://x.org/"><img src=x onerror=alert(1)>`).Title("a'b&c\n\\<").Text(`"><b>`),
		app.Input().Type("checkbox").Checked(true),
	))
	want := "<div aria-hidden=\"true\">\n" +
		"  <a href=\"https://x.org/&#34;&gt;&lt;img src=x onerror=alert(1)&gt;\" title=\"a&#39;b&amp;c&#10;\\&lt;\">&#34;&gt;&lt;b&gt;</a>\n" +
		"  <input checked type=\"checkbox\">\n" +
		"</div>"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
