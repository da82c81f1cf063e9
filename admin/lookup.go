package admin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// lookedUp is what one consent id's visitor agreed to, and was shown.
type lookedUp struct {
	ID         string
	Found      bool
	Record     proofs.Record
	Categories []lookedCategory
	Charte     string // the policy text shown, in the visitor's language
	Intact     bool   // the stored texts still hash to the record's SHA-256
}

type lookedCategory struct {
	ID, Title string
	Accepted  bool
}

func (h *Handler) lookup(ctx context.Context, s *inventory.Site, id string) *lookedUp {
	out := &lookedUp{ID: id}
	err := h.Store.List(ctx, proofs.Filter{Site: s.ID, ConsentID: id, Limit: 1}, func(r proofs.Record) error {
		out.Record, out.Found = r, true
		return nil
	})
	if err != nil || !out.Found {
		return out
	}
	t, err := h.Store.TextsByHash(ctx, out.Record.TextsHash)
	if err != nil {
		return out
	}
	sum := sha256.Sum256(t.Body)
	out.Intact = hex.EncodeToString(sum[:]) == out.Record.TextsHash
	var shown server.ShownText
	if json.Unmarshal(t.Body, &shown) != nil {
		return out
	}
	var inv struct {
		Categories []struct {
			ID    string            `json:"id"`
			Title map[string]string `json:"title"`
		} `json:"categories"`
	}
	json.Unmarshal(shown.Inventory, &inv)
	for _, c := range inv.Categories {
		title := c.Title[out.Record.Lang]
		if title == "" {
			title = c.Title["fr"]
		}
		out.Categories = append(out.Categories, lookedCategory{c.ID, title, slices.Contains(out.Record.Accepted, c.ID)})
	}
	if b, err := json.Marshal(shown.Languages[out.Record.Lang]); err == nil {
		var w struct{ Charte string }
		json.Unmarshal(b, &w)
		out.Charte = w.Charte
	}
	return out
}
