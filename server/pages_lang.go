package server

// The policy page's own words in German, Spanish, Italian and Dutch.
func init() {
	for l, w := range map[string][3]string{
		"de": {"Meine Cookie-Auswahl verwalten", "Cookie-Richtlinie", "Deutsche Fassung"},
		"es": {"Gestionar mis opciones de cookies", "Política de cookies", "Versión en español"},
		"it": {"Gestisci le mie scelte sui cookie", "Cookie policy", "Versione italiana"},
		"nl": {"Mijn cookiekeuzes beheren", "Cookiebeleid", "Nederlandse versie"},
	} {
		manage[l], pageTitle[l], langLabel[l] = w[0], w[1], w[2]
	}
}
