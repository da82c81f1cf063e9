package ui

// placeholderWords is the placeholder's text in one language, and the
// reopen button's.
type placeholderWords struct {
	content string // what stands for the title when the element has none
	needs   string // %s: the category's title
	allow   string
	prefs   string
	reopen  string // the reopenButton's text
}

var placeholderTexts = map[string]*placeholderWords{
	"fr": {"Contenu externe", "Ce contenu est bloqué : il dépose des cookies de la catégorie « %s », que vous n'avez pas acceptée.", "Autoriser et afficher", "Gérer mes préférences", "Gérer les cookies"},
	"en": {"External content", "This content is blocked: it sets cookies of the category “%s”, which you have not accepted.", "Allow and show", "Manage my preferences", "Manage cookies"},
	"de": {"Externer Inhalt", "Dieser Inhalt ist blockiert: Er setzt Cookies der Kategorie „%s“, der Sie nicht zugestimmt haben.", "Erlauben und anzeigen", "Meine Einstellungen verwalten", "Cookies verwalten"},
	"es": {"Contenido externo", "Este contenido está bloqueado: instala cookies de la categoría «%s», que usted no ha aceptado.", "Permitir y mostrar", "Gestionar mis preferencias", "Gestionar las cookies"},
	"it": {"Contenuto esterno", "Questo contenuto è bloccato: installa cookie della categoria «%s», che non hai accettato.", "Consenti e mostra", "Gestisci le mie preferenze", "Gestisci i cookie"},
	"nl": {"Externe inhoud", "Deze inhoud is geblokkeerd: hij plaatst cookies van de categorie ‘%s’, die u niet hebt geaccepteerd.", "Toestaan en tonen", "Mijn voorkeuren beheren", "Cookies beheren"},
}

func placeholderWordsFor(lang string) *placeholderWords {
	if w, ok := placeholderTexts[lang]; ok {
		return w
	}
	return placeholderTexts["fr"]
}
