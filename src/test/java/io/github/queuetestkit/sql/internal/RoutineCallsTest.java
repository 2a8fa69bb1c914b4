package io.github.queuetestkit.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutineCallsTest {

    @Test
    void readsEveryNameBeforeAParenthesisQualifiedAndFolded() {
        assertThat(RoutineCalls.names("SELECT Graphile_Worker.Add_Job(?, json_build_object('id', ?)), now()"))
                .containsExactly("graphile_worker.add_job", "json_build_object", "now");
        assertThat(RoutineCalls.names("CALL \"Enqueue\"(?)")).containsExactly("Enqueue");
        // Keywords and column lists come too: the catalog tells them from functions.
        assertThat(RoutineCalls.names("INSERT INTO jobs (key) VALUES (?)")).containsExactly("jobs", "values");
    }

    @Test
    void ignoresNamesInsideStringsCommentsAndDollarQuotes() {
        assertThat(RoutineCalls.names("SELECT 'enqueue(1)' /* add_job(2) */ -- x(3)\n FROM t")).isEmpty();
        assertThat(RoutineCalls.names("DO $$ BEGIN PERFORM enqueue('k'); END $$")).isEmpty();
    }

    @Test
    void tellsADoBlockFromOtherStatements() {
        assertThat(RoutineCalls.isDoBlock("  do $body$ BEGIN NULL; END $body$")).isTrue();
        assertThat(RoutineCalls.isDoBlock("/* c */ DO LANGUAGE plpgsql $$ BEGIN NULL; END $$")).isTrue();
        assertThat(RoutineCalls.isDoBlock("SELECT 'do'")).isFalse();
        assertThat(RoutineCalls.isDoBlock("")).isFalse();
    }

    @Test
    void countsTheArgumentsOfEachCall() {
        assertThat(RoutineCalls.argumentCounts("SELECT add_job(?, jsonb_build_object('a', 1, 'b', 2)), now(),"
                + " app.push(ARRAY[1, 2], ?)"))
                .containsEntry("add_job", java.util.Set.of(2))
                .containsEntry("jsonb_build_object", java.util.Set.of(4))
                .containsEntry("now", java.util.Set.of(0))
                .containsEntry("app.push", java.util.Set.of(2));
    }
}
