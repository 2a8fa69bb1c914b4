package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.plan.PlanFacts;
import io.github.queuetestkit.plan.PlanType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The baseline file format (sorted, stable, parse errors with file and line) and how the mode is chosen. */
class BaselineFileTest {

    private static final String FILE = """
            # queue-testkit plan baseline: the plan facts of each statement, sorted by SQL. Costs and times are not kept.
            # Rewrite it with -Dqueuetestkit.baselines=update and review the diff like code.
            postgres: 17

            statement: select * from a
            plan: custom
            shape:
              Sort
                Seq Scan on a
            seq scans on large tables: a
            sorts:
              Sort (id) spilled to disk
            rows examined: 20000
            rows returned: 20000
            shared buffers: 130

            statement: select * from b where id = ?
            plan: custom
            shape:
              Index Scan using b_pkey on b
            seq scans on large tables: none
            sorts: none
            rows examined: 1
            rows returned: 1
            shared buffers: 3

            statement: select * from b where id = ?
            plan: generic
            shape:
              Index Scan using b_pkey on b
            seq scans on large tables: none
            sorts: none
            rows examined: 1
            rows returned: 1
            shared buffers: 3
            """;

    @Test
    void parsesAndRendersTheSameBytes() {
        BaselineFile file = BaselineFile.parse(FILE, "x.plans");

        assertThat(file.major()).hasValue(17);
        assertThat(file.entries()).hasSize(3);
        assertThat(file.entries().get(new BaselineFile.Key("select * from a", PlanType.CUSTOM)))
                .isEqualTo(new PlanFacts(PlanType.CUSTOM, List.of("Sort", "  Seq Scan on a"), List.of("a"),
                        List.of("Sort (id) spilled to disk"), 20_000, 20_000, 130));
        assertThat(file.render()).isEqualTo(FILE);
    }

    @Test
    void heapFetchesAreKeptOnlyForPlansWithAnIndexOnlyScanAndReadAsNoneWhenAbsent() {
        PlanFacts indexOnly = new PlanFacts(PlanType.CUSTOM, List.of("Limit", "  Index Only Scan using j_ready on j"),
                List.of(), List.of(), 50, 50, 52, 50);
        BaselineFile file = new BaselineFile(OptionalInt.of(17), Map.of(
                new BaselineFile.Key("select id from j", PlanType.CUSTOM), indexOnly));

        assertThat(file.render()).endsWith("""
                rows examined: 50
                rows returned: 50
                shared buffers: 52
                heap fetches: 50
                """);
        assertThat(BaselineFile.parse(file.render(), "z").entries()).containsValue(indexOnly);
        // a file recorded before heap fetches were kept still reads: none
        assertThat(BaselineFile.parse(file.render().replace("heap fetches: 50\n", ""), "z").entries().values())
                .extracting(PlanFacts::heapFetches).containsExactly(0L);
        assertThat(BaselineFile.parse(FILE, "x.plans").render()).doesNotContain("heap fetches");
    }

    @Test
    void rendersStatementsSortedBySqlThenPlanTypeWhateverTheOrderTheyRan() {
        PlanFacts b = new PlanFacts(PlanType.CUSTOM, List.of("Result"), List.of(), List.of(), 0, 1, 0);
        BaselineFile file = new BaselineFile(OptionalInt.of(18), Map.of(
                new BaselineFile.Key("select 2", PlanType.GENERIC), b,
                new BaselineFile.Key("select 2", PlanType.CUSTOM), b,
                new BaselineFile.Key("select 1", PlanType.CUSTOM), b));

        String text = file.render();
        assertThat(text.indexOf("statement: select 1")).isLessThan(text.indexOf("statement: select 2\nplan: custom"));
        assertThat(text.indexOf("statement: select 2\nplan: custom"))
                .isLessThan(text.indexOf("statement: select 2\nplan: generic"));
        assertThat(BaselineFile.parse(text, "y").render()).isEqualTo(text);
    }

    @Test
    void anUnknownFieldNamesTheFileAndLine() {
        assertThatThrownBy(() -> BaselineFile.parse(FILE.replace("shared buffers: 3\n\nstatement",
                "shared bufers: 3\n\nstatement"), "src/test/resources/x.plans"))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageStartingWith("Plan baseline src/test/resources/x.plans:25: unknown field 'shared bufers'")
                .hasMessageEndingWith("Correct that line, or delete the file and record it again with"
                        + " -Dqueuetestkit.baselines=update.");
    }

    @Test
    void aBlockWithoutAFieldNamesTheLineItStartsOn() {
        assertThatThrownBy(() -> BaselineFile.parse(FILE.replace("rows returned: 20000\n", ""), "x.plans"))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageStartingWith("Plan baseline x.plans:5: the block has no 'rows returned:' line.");
    }

    @Test
    void aFileWithoutItsMajorIsRejected() {
        assertThatThrownBy(() -> BaselineFile.parse(FILE.replace("postgres: 17\n", ""), "x.plans"))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageStartingWith("Plan baseline x.plans:4: the file must start with 'postgres: <major>'");
    }

    @Test
    void aDuplicateStatementIsRejected() {
        assertThatThrownBy(() -> BaselineFile.parse(FILE.replace("plan: generic", "plan: custom"), "x.plans"))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageStartingWith("Plan baseline x.plans:27: the custom plan of this statement is already in"
                        + " the file.");
    }

    @Test
    void anUnknownPlanTypeIsRejected() {
        assertThatThrownBy(() -> BaselineFile.parse(FILE.replace("plan: generic", "plan: cached"), "x.plans"))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageStartingWith("Plan baseline x.plans:28: plan is 'cached', but it takes custom or generic.");
    }

    @Test
    void theModeComesFromTheSettingThenTheEnvironmentThenCi() {
        Map<String, String> none = Map.of();
        assertThat(BaselineMode.from(name -> Optional.empty(), none::get)).isEqualTo(BaselineMode.VERIFY);
        assertThat(BaselineMode.from(name -> Optional.empty(), Map.of("CI", "true")::get)).isEqualTo(BaselineMode.CI);
        assertThat(BaselineMode.from(name -> Optional.empty(),
                Map.of("CI", "true", "QUEUETESTKIT_BASELINES", "update")::get)).isEqualTo(BaselineMode.UPDATE);
        assertThat(BaselineMode.from(name -> Optional.of("verify"), Map.of("CI", "true")::get))
                .isEqualTo(BaselineMode.VERIFY);
        assertThat(BaselineMode.from(name -> Optional.of("CI"), none::get)).isEqualTo(BaselineMode.CI);
    }

    @Test
    void anUnknownModeNamesTheSettingAndTheValuesItTakes() {
        assertThatThrownBy(() -> BaselineMode.from(name -> Optional.of("rewrite"), Map.<String, String>of()::get))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("configuration parameter queuetestkit.baselines is 'rewrite', but it takes verify, update"
                        + " or ci. Set it to one of those, or remove it.");
    }
}
