package e2e

import (
	"os"
)

// axePath is axe-core as make test installs it (npm ci in e2e/_npm).
const axePath = "_npm/node_modules/axe-core/axe.min.js"

// axe runs axe-core's WCAG 2.2 A and AA rules on the page, shadow roots
// included, and returns each violation as "rule: help [targets]".
func (tb *tab) axe() []string {
	tb.t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		tb.t.Fatalf("axe-core is not installed (%v): run make test, or npm ci in e2e/_npm", err)
	}
	tb.eval(string(src)+"\n;true", nil)
	var out []string
	tb.eval(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => JSON.stringify(n.target)).join(' ')))`, &out)
	return out
}
