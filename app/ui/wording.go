package ui

import (
	"fmt"
	"reflect"
	"strings"
)

// Wording is the widget's interface text in lang, one "name: text" line
// per string, for the record of what a visitor was shown. Every field of
// words is listed, so a new string is recorded without a change here.
func Wording(lang string) string {
	w := allWords[lang]
	if w == nil {
		return ""
	}
	v := reflect.ValueOf(*w)
	var b strings.Builder
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).Kind() == reflect.String {
			fmt.Fprintf(&b, "%s: %s\n", v.Type().Field(i).Name, v.Field(i).String())
		}
	}
	return b.String()
}
