package inventory

// Charte's wording of the standard categories in German, Spanish, Italian
// and Dutch, added to builtin's texts.
func init() {
	add := func(id string, title, desc map[string]string) {
		for l, t := range title {
			builtin[id].Title[l] = t
			builtin[id].Description[l] = desc[l]
		}
	}
	add("necessary", map[string]string{
		"de": "Für den Betrieb der Plattform notwendige Cookies / funktionale Cookies",
		"es": "Cookies necesarias para el funcionamiento de la plataforma / cookies funcionales",
		"it": "Cookie necessari al funzionamento della piattaforma / cookie funzionali",
		"nl": "Cookies die nodig zijn voor de werking van het platform / functionele cookies",
	}, map[string]string{
		"de": "Sie lassen die Website funktionieren: Anmeldung, Sprache, Sicherheit, Speicherung Ihrer Auswahl. Sie können nicht abgeschaltet werden.",
		"es": "Hacen que el sitio funcione: conexión, idioma, seguridad, recuerdo de sus opciones. No se pueden desactivar.",
		"it": "Fanno funzionare il sito: accesso, lingua, sicurezza, memorizzazione delle tue scelte. Non possono essere disattivati.",
		"nl": "Ze laten de site werken: inloggen, taal, beveiliging, het onthouden van uw keuzes. Ze kunnen niet worden uitgeschakeld.",
	})
	add("statistics", map[string]string{
		"de": "Statistik-Cookies",
		"es": "Cookies estadísticas",
		"it": "Cookie statistici",
		"nl": "Statistische cookies",
	}, map[string]string{
		"de": "Sie messen die Nutzung der Website und helfen uns, sie zu verbessern.",
		"es": "Miden el uso del sitio y nos ayudan a mejorarlo.",
		"it": "Misurano l'uso del sito e ci aiutano a migliorarlo.",
		"nl": "Ze meten hoe de site wordt gebruikt en helpen ons hem te verbeteren.",
	})
	add("first-party", map[string]string{
		"de": "Interne Cookies (First-Party)",
		"es": "Cookies internas (first-party)",
		"it": "Cookie interni (first-party)",
		"nl": "Interne cookies (first-party)",
	}, map[string]string{
		"de": "Von dieser Website zusätzlich zu den notwendigen Cookies gesetzt, können sie Ihr Surfverhalten verfolgen und Werbezwecken dienen.",
		"es": "Instaladas por este sitio además de las cookies necesarias, pueden seguir su navegación y servir a fines publicitarios.",
		"it": "Installati da questo sito in aggiunta ai cookie necessari, possono seguire la tua navigazione e servire a finalità pubblicitarie.",
		"nl": "Door deze site geplaatst naast de noodzakelijke cookies; ze kunnen uw surfgedrag volgen en voor reclamedoeleinden dienen.",
	})
	add("third-party", map[string]string{
		"de": "Cookies von Drittanbietern (Third-Party)",
		"es": "Cookies de terceros (third party)",
		"it": "Cookie di terze parti (third party)",
		"nl": "Cookies van derden (third party)",
	}, map[string]string{
		"de": "Von anderen Websites gesetzt (Videos, Karten, soziale Netzwerke), lassen sie diese wissen, welche Seiten Sie hier besucht haben.",
		"es": "Instaladas por otros sitios (vídeos, mapas, redes sociales), les permiten saber qué páginas ha visitado usted aquí.",
		"it": "Installati da altri siti (video, mappe, social network), permettono loro di sapere quali pagine hai visitato qui.",
		"nl": "Door andere sites geplaatst (video's, kaarten, sociale netwerken); ze laten die sites weten welke pagina's u hier hebt bezocht.",
	})
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
