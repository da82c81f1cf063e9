package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
)

// ShownText is what a visitor of a site was shown at one revision: the
// normalized inventory and, per language, Charte's wording as served
// (the charte's text and the widget's interface). A proof of consent
// names it by its SHA-256, so any record can be shown with its texts.
type ShownText struct {
	Site      string                  `json:"site"`
	Revision  int                     `json:"revision"`
	Inventory json.RawMessage         `json:"inventory"`
	Languages map[string]shownWording `json:"languages"`
}

// shownWording is Charte's wording in one language.
type shownWording struct {
	Charte string `json:"charte"`
	Widget string `json:"widget"`
}

// Shown returns the texts of s as stored beside its proofs, and their
// SHA-256 in hex. The same config gives the same bytes.
func Shown(s *inventory.Site) (body []byte, hash string) {
	t := ShownText{Site: s.ID, Revision: s.Revision, Inventory: inventoryJSON(s), Languages: map[string]shownWording{}}
	for _, lang := range s.Languages {
		t.Languages[lang] = shownWording{Charte: policy.Build(s, lang).PlainText(), Widget: ui.Wording(lang)}
	}
	body, _ = json.MarshalIndent(t, "", " ")
	sum := sha256.Sum256(body)
	return body, hex.EncodeToString(sum[:])
}
