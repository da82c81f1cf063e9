package ui

// words is the widget's interface text in one language.
type words struct {
	bannerTitle, bannerText, gpcNote, readPolicy                                  string
	acceptAll, rejectAll, customize, save, close, closeRefuse                     string
	prefsTitle, prefsIntro, alwaysOn, on, off, showCookies, consentID, yourChoice string
}

var allWords = map[string]*words{
	"fr": {
		bannerTitle: "Vos choix sur les cookies",
		bannerText:  "Avec votre accord, %s et ses partenaires utilisent des cookies pour mesurer l'audience et proposer des services tiers. Vous pouvez tout accepter, tout refuser ou choisir par finalité, et changer d'avis à tout moment avec le lien « Gérer les cookies ».",
		gpcNote:     "Votre navigateur envoie le signal Global Privacy Control : nous l'avons respecté en refusant tous les cookies facultatifs. Vous pouvez toujours en accepter certains.",
		readPolicy:  "Lire la charte cookies",
		acceptAll:   "Tout accepter",
		rejectAll:   "Tout refuser",
		customize:   "Personnaliser",
		save:        "Enregistrer mes choix",
		close:       "Fermer",
		closeRefuse: "Fermer et tout refuser",
		prefsTitle:  "Préférences de cookies",
		prefsIntro:  "Choisissez les finalités que vous acceptez. Les cookies nécessaires ne peuvent pas être refusés.",
		alwaysOn:    "Toujours actif",
		on:          "Accepté",
		off:         "Refusé",
		showCookies: "Voir les cookies (%d)",
		consentID:   "Votre identifiant de consentement : ",
		yourChoice:  "Choix enregistré le ",
	},
	"en": {
		bannerTitle: "Your cookie choices",
		bannerText:  "With your consent, %s and its partners use cookies to measure audience and offer third-party services. You can accept all, reject all or choose by purpose, and change your mind at any time with the “Manage cookies” link.",
		gpcNote:     "Your browser sends the Global Privacy Control signal: we honoured it by refusing every optional cookie. You can still accept some.",
		readPolicy:  "Read the cookie policy",
		acceptAll:   "Accept all",
		rejectAll:   "Reject all",
		customize:   "Customize",
		save:        "Save my choices",
		close:       "Close",
		closeRefuse: "Close and reject all",
		prefsTitle:  "Cookie preferences",
		prefsIntro:  "Choose the purposes you accept. Necessary cookies cannot be refused.",
		alwaysOn:    "Always on",
		on:          "Accepted",
		off:         "Refused",
		showCookies: "Show the cookies (%d)",
		consentID:   "Your consent id: ",
		yourChoice:  "Choice saved on ",
	},
}

func wordsFor(lang string) *words {
	if w, ok := allWords[lang]; ok {
		return w
	}
	return allWords["fr"]
}
