package io.github.queuetestkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.dataset.internal.DefinitionParser;
import io.github.queuetestkit.dataset.internal.DefinitionSource;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@PostgresTest
class DefinitionErrorsTest {

    private static final String DDL = "ddl: CREATE TABLE t (id bigint, n integer, s text, at timestamptz)\n";

    private static DatasetSpec parse(String yaml) {
        return DefinitionParser.parse(new DefinitionSource("bad.yaml", yaml, null, Path.of("."),
                DefinitionErrorsTest.class.getClassLoader()));
    }

    @Test
    void rejectsUnknownGeneratorWithLineAndColumn() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n      id: {generator: sequnce}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:23")
                .hasMessageContaining("unknown generator 'sequnce'")
                .hasMessageContaining("expected one of [after, choice,");
    }

    @Test
    void rejectsYamlSyntaxErrorWithLineAndColumn() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: [10\n    columns: x\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:5:")
                .hasMessageContaining("YAML syntax error");
    }

    @Test
    void rejectsBadScaleExpressionAtTheFaultyCharacter() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: scale * * 2\n    columns:\n      id: sequence\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:4:19")
                .hasMessageContaining("expected a number, 'scale' or '(', found '*'");
    }

    @Test
    void rejectsUnknownWordInScaleExpression() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: \"scael / 10\"\n    columns:\n      id: sequence\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:4:12")
                .hasMessageContaining("found 'scael'");
    }

    @Test
    void rejectsForeignKeyToMissingTable() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n"
                + "      n: {generator: foreign_key, table: users}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:42")
                .hasMessageContaining("foreign key to table 'users', which is not a table listed before this one");
    }

    @Test
    void rejectsUnresolvableFakerExpression() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n"
                + "      s: {generator: faker, expression: '#{Nope.nothing}'}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:41")
                .hasMessageContaining("DataFaker expression '#{Nope.nothing}' does not resolve");
    }

    @Test
    void rejectsUnknownOptionOfAGenerator() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n"
                + "      n: {generator: zipf, n: 10, exponent: 2}\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:35")
                .hasMessageContaining("unknown option 'exponent' for generator zipf; expected one of [n, s]");
    }

    @Test
    void rejectsConditionOnALaterColumn() {
        assertThatThrownBy(() -> parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n"
                + "      at: {generator: timestamp, from: -1d, to: 0s, when: {column: s, in: [x]}}\n"
                + "      s: text\n"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:68")
                .hasMessageContaining("column 's' is not an earlier column");
    }

    @Test
    void rejectsUnknownColumnBeforeLoadingAnything(PostgresDatabase db) {
        DatasetSpec spec = parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n      id: sequence\n      nope: sequence\n");

        assertThatThrownBy(() -> spec.load(db.dataSource()))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:7:7")
                .hasMessageContaining("unknown column nope in table t. Expected one of [id, n, s, at]");
        assertThat(db.queryForLong("SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
    }

    @Test
    void rejectsAGeneratorOfATypeTheColumnCannotTake(PostgresDatabase db) {
        DatasetSpec spec = parse(DDL + "tables:\n  t:\n    rows: 10\n    columns:\n      n: {generator: text}\n");

        assertThatThrownBy(() -> spec.load(db.dataSource()))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:6:7")
                .hasMessageContaining("column t.n is of type integer and cannot take the text values of its generator");
        assertThat(db.queryForLong("SELECT count(*) FROM pg_class WHERE relname = 't'")).isZero();
    }

    @Test
    void rejectsATableTheDdlDoesNotCreate(PostgresDatabase db) {
        DatasetSpec spec = parse(DDL + "tables:\n  u:\n    rows: 10\n    columns:\n      id: sequence\n");

        assertThatThrownBy(() -> spec.load(db.dataSource()))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("bad.yaml:3:3")
                .hasMessageContaining("table u is not created by the DDL");
    }

    @Test
    void rejectsAnUnknownDatasetName() {
        assertThatThrownBy(() -> DatasetSpec.named("no-such-dataset"))
                .isInstanceOf(DatasetDefinitionException.class)
                .hasMessageContaining("No dataset named 'no-such-dataset'")
                .hasMessageContaining("Bundled datasets: delayed-jobs, fair-queue, client-records, car-users, jobs");
    }
}
