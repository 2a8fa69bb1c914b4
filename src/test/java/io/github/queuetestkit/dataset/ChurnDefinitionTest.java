package io.github.queuetestkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.dataset.internal.DefinitionParser;
import io.github.queuetestkit.dataset.internal.DefinitionSource;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest
class ChurnDefinitionTest {

    private static final String TABLES = "ddl: CREATE TABLE q (id bigint, state text)\n"
            + "tables:\n  q:\n    rows: 1000\n    columns:\n      id: sequence\n"
            + "      state: {generator: choice, values: {done: 80, queued: 20}}\n";

    private static DatasetSpec parse(String yaml) {
        return DefinitionParser.parse(new DefinitionSource("churn.yaml", yaml, null, Path.of("."),
                ChurnDefinitionTest.class.getClassLoader()));
    }

    @Test
    void parsesChurnPerTable() {
        DatasetSpec spec = parse(TABLES + "churn:\n  q: {column: state, to: done, updates: 0.3, deletes: 0.5,"
                + " finished: [done, failed]}\n");

        assertThat(spec.churn()).singleElement().satisfies(churn -> {
            assertThat(churn.describe()).isEqualTo("q.state -> done on 30% of rows, 50% of (done, failed) deleted");
            assertThat(churn.origin()).isEqualTo("churn.yaml:9:3");
        });
    }

    @Test
    void churnIsPartOfTheTemplateKey() {
        DatasetSpec plain = parse(TABLES);

        assertThat(plain.withChurn(Churn.of("q", "state", "done")).key()).isNotEqualTo(plain.key());
    }

    @Test
    void rejectsFractionOutOfRangeWithLineAndColumn() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  q: {column: state, to: done, updates: 1.5}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:41")
                .hasMessageContaining("expected 'updates' to be a fraction between 0 and 1 (e.g. 0.3), found 1.5");
    }

    @Test
    void rejectsFractionThatIsNotANumber() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  q:\n    column: state\n    to: done\n    deletes: half\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:12:14")
                .hasMessageContaining("found 'half'");
    }

    @Test
    void rejectsUnknownOption() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  q: {column: state, to: done, update: 0.3}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:32")
                .hasMessageContaining("unknown churn option 'update'; expected one of [column, deletes, finished, to,"
                        + " updates]");
    }

    @Test
    void rejectsChurnOnATableTheDatasetDoesNotLoad() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  jobs: {column: state, to: done}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:3")
                .hasMessageContaining("churn on table 'jobs', which is not a table of this dataset; expected one of [q]");
    }

    @Test
    void rejectsChurnWithoutColumnOrTargetState() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  q: {updates: 0.2}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:3")
                .hasMessageContaining("expected 'column' (the state column) and 'to' (the state updated rows get)");
    }

    @Test
    void rejectsEmptyFinishedList() {
        assertThatThrownBy(() -> parse(TABLES + "churn:\n  q: {column: state, to: done, finished: []}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:42")
                .hasMessageContaining("expected 'finished' to be a non-empty list of states");
    }

    @Test
    void rejectsUnknownStateColumnBeforeAnyRowIsLoaded(DataSource dataSource, PostgresDatabase db) {
        DatasetSpec spec = parse(TABLES + "churn:\n  q: {column: status, to: done}\n");

        assertThatThrownBy(() -> spec.load(dataSource))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("churn.yaml:9:3: churn on unknown column status of table q");
        assertThat(db.queryForLong("SELECT count(*) FROM pg_tables WHERE tablename = 'q'")).isZero();
    }

    @Test
    void rejectsFractionOutOfRangeInCode() {
        assertThatThrownBy(() -> Churn.of("q", "state", "done").withDeletes(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 'deletes' to be a fraction between 0 and 1, found -0.1");
    }
}
