// Package pgtest gives tests a PostgreSQL schema of their own, on the
// cluster named by CHARTE_TEST_POSTGRES (.ci/run starts one).
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Env names the DSN of a PostgreSQL the tests may create schemas in.
const Env = "CHARTE_TEST_POSTGRES"

// DSN returns a DSN to a fresh schema of the test PostgreSQL, dropped
// after the test. Without one the test is skipped, except in CI
// (CI=true), where it fails: CI always runs the PostgreSQL tests.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a cluster)", Env)
		}
		t.Skipf("no PostgreSQL: set %s (e.g. to what .ci/postgres prints) to run this test", Env)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	var b [8]byte
	rand.Read(b[:])
	schema := "t" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}
