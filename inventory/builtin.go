package inventory

// builtin holds Charte's own wording for the four standard categories, so a
// config may name them by id alone.
var builtin = map[string]Category{
	"necessary": {
		ID:       "necessary",
		Required: true,
		Title: Text{
			"fr": "Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels",
			"en": "Cookies needed for the platform to work / functional cookies",
		},
		Description: Text{
			"fr": "Ils permettent au site de fonctionner : connexion, langue, sécurité, mémorisation de vos choix. Ils ne peuvent pas être désactivés.",
			"en": "They make the site work: sign-in, language, security, remembering your choices. They cannot be switched off.",
		},
	},
	"statistics": {
		ID: "statistics",
		Title: Text{
			"fr": "Cookies statistiques",
			"en": "Statistics cookies",
		},
		Description: Text{
			"fr": "Ils mesurent la fréquentation du site et nous aident à l'améliorer.",
			"en": "They measure how the site is used and help us improve it.",
		},
	},
	"first-party": {
		ID: "first-party",
		Title: Text{
			"fr": "Cookies internes (first-party)",
			"en": "First-party cookies",
		},
		Description: Text{
			"fr": "Déposés par ce site en plus des cookies nécessaires, ils peuvent suivre votre navigation et servir à des finalités publicitaires.",
			"en": "Set by this site on top of the necessary cookies, they may follow your browsing and serve advertising purposes.",
		},
	},
	"third-party": {
		ID: "third-party",
		Title: Text{
			"fr": "Cookies tiers (third party)",
			"en": "Third-party cookies",
		},
		Description: Text{
			"fr": "Déposés par d'autres sites (vidéos, cartes, réseaux sociaux), ils leur permettent de savoir quelles pages vous avez visitées ici.",
			"en": "Set by other sites (videos, maps, social networks), they let those sites know which pages you visited here.",
		},
	},
}

// BuiltinCategories lists the four standard categories in charte order.
func BuiltinCategories() []Category {
	out := make([]Category, 0, 4)
	for _, id := range []string{"necessary", "statistics", "first-party", "third-party"} {
		out = append(out, builtin[id])
	}
	return out
}
