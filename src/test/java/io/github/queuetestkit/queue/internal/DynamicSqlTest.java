package io.github.queuetestkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements a PL/pgSQL body runs through EXECUTE, read from the literals that build them. */
class DynamicSqlTest {

    private static List<String> statements(String body) {
        return DynamicSql.dynamicStatements(SqlWords.tokens(body));
    }

    private static List<String> words(String statement) {
        return SqlWords.words(statement);
    }

    @Test
    void concatenatedLiteralsReadAsOneStatementWithTheExpressionsBetweenThemAsNames() {
        List<String> built = statements("BEGIN EXECUTE 'SELECT id FROM ' || quote_ident(t) || ' FOR UPDATE NOWAIT'"
                + " INTO v; END");
        assertThat(built).hasSize(1);
        assertThat(words(built.get(0))).containsExactly("SELECT", "ID", "FROM", "\"\u2039QUOTE_IDENT ( T )\u203a\"",
                "FOR", "UPDATE", "NOWAIT");
    }

    @Test
    void formatPlaceholdersStandForTheArgumentsTheyTake() {
        List<String> built = statements("BEGIN RETURN QUERY EXECUTE format('UPDATE %I SET s = %L WHERE q = %1$L', t,"
                + " 'running') USING v; END");
        // a literal argument is put as format() puts it: %L's a string, so no word
        assertThat(words(built.get(0))).containsExactly("UPDATE", "\"\u2039T\u203a\"", "SET", "S", "=",
                "WHERE", "Q", "=", "\"\u2039T\u203a\"");
        List<String> named = statements("BEGIN EXECUTE format('SELECT id FROM %I j, %I FOR UPDATE OF %s SKIP LOCKED',"
                + " 'jobs', 'Users', 'j') INTO v; END");
        assertThat(words(named.get(0))).containsExactly("SELECT", "ID", "FROM", "JOBS", "J", ",", "\"Users\"", "FOR",
                "UPDATE", "OF", "J", "SKIP", "LOCKED");
    }

    @Test
    void aVariableReadsAsEveryValueTheBodyAssignsIt() {
        List<String> built = statements("DECLARE q text DEFAULT 'SELECT 1'; BEGIN IF x THEN q := 'SELECT 2';"
                + " ELSE q = 'SELECT 3'; END IF; EXECUTE q; END");
        assertThat(built).extracting(s -> String.join(" ", words(s))).containsExactly("SELECT 1", "SELECT 2",
                "SELECT 3");
    }

    @Test
    void anExecuteWithoutALiteralCannotBeRead() {
        assertThat(statements("BEGIN EXECUTE statement; END")).containsExactly((String) null);
        assertThat(statements("BEGIN EXECUTE $1 USING 5; END")).containsExactly((String) null);
    }

    @Test
    void aTriggersDefinitionIsNotDynamicSql() {
        assertThat(statements("CREATE TRIGGER t AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION f()")).isEmpty();
    }
}
