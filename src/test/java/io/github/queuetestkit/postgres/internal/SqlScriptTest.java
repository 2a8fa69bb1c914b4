package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesCommentsAndDollarQuotes() {
        SqlScript script = SqlScript.parse("s.sql", """
                CREATE TABLE a (t text DEFAULT 'x;y');
                -- a comment; with a semicolon
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                /* block; /* nested; */ still comment; */ SELECT "we;ird" FROM a;
                SELECT E'it\\'s;' ;
                """);

        assertThat(script.statements()).extracting(SqlScript.Statement::sql).containsExactly(
                "CREATE TABLE a (t text DEFAULT 'x;y')",
                "-- a comment; with a semicolon\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "/* block; /* nested; */ still comment; */ SELECT \"we;ird\" FROM a",
                "SELECT E'it\\'s;' ");
    }

    @Test
    void treatsPositionalParametersAsNoDollarQuote() {
        SqlScript script = SqlScript.parse("s.sql", "PREPARE p AS SELECT $1; EXECUTE p(1);");

        assertThat(script.statements()).hasSize(2);
    }

    @Test
    void skipsStatementsMadeOnlyOfCommentsAndKnowsWhereEachStarts() {
        SqlScript script = SqlScript.parse("s.sql", "-- header\n;\n\n  SELECT 1;\n-- trailer\n");

        assertThat(script.statements()).singleElement().satisfies(statement -> {
            assertThat(statement.sql()).isEqualTo("SELECT 1");
            assertThat(script.lineAndColumn(statement.offset())).containsExactly(4, 3);
        });
    }
}
