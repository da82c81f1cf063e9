package pwa

func init() {
	title["de"], title["es"], title["it"], title["nl"] = "Cookie-Richtlinie", "Política de cookies", "Cookie policy", "Cookiebeleid"
}
