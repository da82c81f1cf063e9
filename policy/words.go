package policy

// words is Charte's own charte text in one language.
type words struct {
	title, intro, whatIs, definition, kinds                 string
	necessary, statistics, firstParty, thirdParty, usedOn   string
	colProvider, colService, colNames, colPurpose, duration string
}

var allWords = map[string]*words{
	"fr": {
		title:       "Charte cookies",
		intro:       "Afin de vous proposer le meilleur service possible nous utilisons des cookies pour assurer son bon fonctionnement.",
		whatIs:      "Qu'est ce qu'un cookie ?",
		definition:  `Un "cookie" est une suite d'informations, généralement de petite taille et identifié par un nom, qui peut être transmis à votre navigateur par un site web sur lequel vous vous connectez. Votre navigateur web le conservera pendant une certaine durée, et le renverra au serveur web chaque fois que vous vous y re-connecterez. Les cookies ont de multiples usages : ils peuvent servir à mémoriser votre identifiant client auprès d'un site marchand, le contenu courant de votre panier d'achat, un identifiant permettant de tracer votre navigation pour des finalités statistiques ou publicitaires, etc.`,
		kinds:       "Il existe plusieurs types de cookies :",
		necessary:   "Les cookies « nécessaires », internes, permettent d'enregistrer des informations entre deux consultations d'un même site web sur un même appareil. Ils permettent d'enregistrer un panier d'achat, des identifiants de connexion ou encore des éléments de personnalisation de l'interface. Ils ne requièrent pas de consentement de la part de l'utilisateur.",
		statistics:  "Les cookies « statistiques » permettent de suivre les actions d'un internaute sur un site web. Lorsque les statistiques sont anonymes (c'est-à-dire ne permettent pas de retrouver une personne), le consentement de l'utilisateur n'est pas nécessaire.",
		firstParty:  "Les cookies « internes » ou « first-party » sont déposés par le site consulté. Ils peuvent être déposés en plus des cookies nécessaires et peuvent être utilisés pour collecter des données personnelles, suivre le comportement de l'utilisateur et servir à des finalités publicitaires.",
		thirdParty:  "Les cookies dits « tiers », « tierce partie » ou « third party » sont des cookies déposés par (ou pour) un site B (souvent une régie publicitaire) sur un site A : cela permet au site B de voir quelles pages ont été visitées sur le site A par un utilisateur et de collecter des informations sur lui.",
		usedOn:      "A quoi servent les cookies sur la plateforme ",
		colProvider: "Nom du prestataire",
		colService:  "Service et emplacement",
		colNames:    "Nom du cookies",
		colPurpose:  "Finalités",
		duration:    "durée : ",
	},
	"en": {
		title:       "Cookie policy",
		intro:       "To offer you the best possible service, we use cookies that keep it working properly.",
		whatIs:      "What is a cookie?",
		definition:  `A "cookie" is a piece of information, usually small and identified by a name, that a website you visit may send to your browser. Your browser keeps it for a certain time and sends it back to the web server each time you visit again. Cookies have many uses: they can remember your customer account on a shopping site, what is in your basket, or an identifier that follows your browsing for statistical or advertising purposes, and so on.`,
		kinds:       "There are several kinds of cookies:",
		necessary:   "“Necessary” cookies, set by the site itself, store information between two visits to the same website on the same device. They keep a shopping basket, sign-in details or interface settings. They do not require the user's consent.",
		statistics:  "“Statistics” cookies follow what a visitor does on a website. When the statistics are anonymous (that is, they cannot be traced back to a person), the user's consent is not required.",
		firstParty:  "“Internal” or “first-party” cookies are set by the site you visit. They may be set in addition to the necessary cookies and may be used to collect personal data, follow the user's behaviour and serve advertising purposes.",
		thirdParty:  "So-called “third-party” cookies are set by (or for) a site B (often an advertising network) on a site A: they let site B see which pages of site A a user visited and collect information about that user.",
		usedOn:      "What cookies are used for on the platform ",
		colProvider: "Provider",
		colService:  "Service and location",
		colNames:    "Cookie names",
		colPurpose:  "Purposes",
		duration:    "duration: ",
	},
}
