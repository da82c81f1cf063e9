package inventory

// builtinMore is Charte's wording of the standard categories in German,
// Spanish, Italian and Dutch: a table, which the wasm holds as data, added
// to builtin's texts at start.
var builtinMore = [...]struct{ id, lang, title, description string }{
	{"necessary", "de",
		"Für den Betrieb der Plattform notwendige Cookies / funktionale Cookies",
		"Sie lassen die Website funktionieren: Anmeldung, Sprache, Sicherheit, Speicherung Ihrer Auswahl. Sie können nicht abgeschaltet werden."},
	{"necessary", "es",
		"Cookies necesarias para el funcionamiento de la plataforma / cookies funcionales",
		"Hacen que el sitio funcione: conexión, idioma, seguridad, recuerdo de sus opciones. No se pueden desactivar."},
	{"necessary", "it",
		"Cookie necessari al funzionamento della piattaforma / cookie funzionali",
		"Fanno funzionare il sito: accesso, lingua, sicurezza, memorizzazione delle tue scelte. Non possono essere disattivati."},
	{"necessary", "nl",
		"Cookies die nodig zijn voor de werking van het platform / functionele cookies",
		"Ze laten de site werken: inloggen, taal, beveiliging, het onthouden van uw keuzes. Ze kunnen niet worden uitgeschakeld."},
	{"statistics", "de",
		"Statistik-Cookies",
		"Sie messen die Nutzung der Website und helfen uns, sie zu verbessern."},
	{"statistics", "es",
		"Cookies estadísticas",
		"Miden el uso del sitio y nos ayudan a mejorarlo."},
	{"statistics", "it",
		"Cookie statistici",
		"Misurano l'uso del sito e ci aiutano a migliorarlo."},
	{"statistics", "nl",
		"Statistische cookies",
		"Ze meten hoe de site wordt gebruikt en helpen ons hem te verbeteren."},
	{"first-party", "de",
		"Interne Cookies (First-Party)",
		"Von dieser Website zusätzlich zu den notwendigen Cookies gesetzt, können sie Ihr Surfverhalten verfolgen und Werbezwecken dienen."},
	{"first-party", "es",
		"Cookies internas (first-party)",
		"Instaladas por este sitio además de las cookies necesarias, pueden seguir su navegación y servir a fines publicitarios."},
	{"first-party", "it",
		"Cookie interni (first-party)",
		"Installati da questo sito in aggiunta ai cookie necessari, possono seguire la tua navigazione e servire a finalità pubblicitarie."},
	{"first-party", "nl",
		"Interne cookies (first-party)",
		"Door deze site geplaatst naast de noodzakelijke cookies; ze kunnen uw surfgedrag volgen en voor reclamedoeleinden dienen."},
	{"third-party", "de",
		"Cookies von Drittanbietern (Third-Party)",
		"Von anderen Websites gesetzt (Videos, Karten, soziale Netzwerke), lassen sie diese wissen, welche Seiten Sie hier besucht haben."},
	{"third-party", "es",
		"Cookies de terceros (third party)",
		"Instaladas por otros sitios (vídeos, mapas, redes sociales), les permiten saber qué páginas ha visitado usted aquí."},
	{"third-party", "it",
		"Cookie di terze parti (third party)",
		"Installati da altri siti (video, mappe, social network), permettono loro di sapere quali pagine hai visitato qui."},
	{"third-party", "nl",
		"Cookies van derden (third party)",
		"Door andere sites geplaatst (video's, kaarten, sociale netwerken); ze laten die sites weten welke pagina's u hier hebt bezocht."},
}

func init() {
	for _, b := range builtinMore {
		builtin[b.id].Title[b.lang] = b.title
		builtin[b.id].Description[b.lang] = b.description
	}
}

// in is the text in the given languages only: a site's inventory carries
// the languages it lists.
func (t Text) in(langs []string) Text {
	out := Text{}
	for _, l := range langs {
		if v, ok := t[l]; ok {
			out[l] = v
		}
	}
	return out
}
