package server

// The policy page's own words in German, Spanish, Italian and Dutch.
func init() {
	for l, w := range map[string][2]string{
		"de": {"Meine Cookie-Auswahl verwalten", "Deutsche Fassung"},
		"es": {"Gestionar mis opciones de cookies", "Versión en español"},
		"it": {"Gestisci le mie scelte sui cookie", "Versione italiana"},
		"nl": {"Mijn cookiekeuzes beheren", "Nederlandse versie"},
	} {
		manage[l], langLabel[l] = w[0], w[1]
	}
}
