package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/charte/charte/proofs"
)

// small is how a withheld count reads.
const small = "< 5"

func count(n int, withheld bool) string {
	if withheld {
		return small
	}
	return strconv.Itoa(n)
}

func percent(part, whole int, withheld bool) string {
	if withheld {
		return small
	}
	return fmt.Sprintf("%.1f%%", 100*proofs.Share(part, whole))
}

// writeStats prints stats as a table for people, or as CSV or JSON for
// a spreadsheet or a script; every format writes the same figures.
func writeStats(st *proofs.Stats, format string, out io.Writer) error {
	rows := append(append([]proofs.StatsRow{}, st.Rows...), st.Total)
	switch format {
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Site string `json:"site"`
			From string `json:"from"`
			To   string `json:"to"`
			By   string `json:"by"`
			*proofs.Stats
		}{st.Query.Site, st.Query.From.UTC().Format(time.RFC3339), st.Query.To.UTC().Format(time.RFC3339), st.Query.By, st})
	case "csv":
		w := csv.NewWriter(out)
		head := []string{st.Query.By, "choices", "accepted_all", "refused_all", "customised"}
		for _, c := range st.Categories {
			head = append(head, c+"_offered", c+"_accepted")
		}
		w.Write(head)
		for _, r := range rows {
			line := []string{r.Key, count(r.Choices, r.Small), count(r.AcceptedAll, r.Small), count(r.RefusedAll, r.Small), count(r.Customised, r.Small)}
			for _, c := range r.Categories {
				line = append(line, count(c.Offered, c.Small), count(c.Accepted, c.Small))
			}
			w.Write(line)
		}
		w.Flush()
		return w.Error()
	}
	fmt.Fprintf(out, "%s, %s to %s (UTC, end excluded), by %s\n\n", st.Query.Site, st.Query.From.UTC().Format(time.RFC3339),
		st.Query.To.UTC().Format(time.RFC3339), st.Query.By)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tCHOICES\tACCEPTED ALL\tREFUSED ALL\tCUSTOMISED", st.Query.By)
	for _, c := range st.Categories {
		fmt.Fprintf(tw, "\t%s", c)
	}
	fmt.Fprintln(tw, "\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s", r.Key, count(r.Choices, r.Small), percent(r.AcceptedAll, r.Choices, r.Small),
			percent(r.RefusedAll, r.Choices, r.Small), percent(r.Customised, r.Choices, r.Small))
		for _, c := range r.Categories {
			fmt.Fprintf(tw, "\t%s", percent(c.Accepted, c.Offered, c.Small))
		}
		fmt.Fprintln(tw, "\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(out, "\nshares of the choices; a category's rate is of the choices that offered it\n")
	return err
}
