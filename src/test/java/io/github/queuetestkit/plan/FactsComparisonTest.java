package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The worse and better rules of a plan baseline, one rule each, on facts written by hand. */
class FactsComparisonTest {

    private static final List<String> INDEXED = List.of("Limit", "  Index Scan using jobs_run_at on jobs");
    private static final List<String> OTHER_INDEX = List.of("Limit", "  Index Scan using jobs_queue_run_at on jobs");
    private static final List<String> SCANNED = List.of("Limit", "  Sort", "    Seq Scan on jobs");

    private static PlanFacts facts(List<String> shape, List<String> seqScans, List<String> sorts, long examined,
            long returned, long buffers) {
        return new PlanFacts(PlanType.CUSTOM, shape, seqScans, sorts, examined, returned, buffers);
    }

    private static final PlanFacts BASELINE = facts(INDEXED, List.of(), List.of(), 5, 5, 8);

    @Test
    void theSameFactsAreNeitherWorseNorBetter() {
        FactsComparison same = FactsComparison.of(BASELINE, BASELINE);

        assertThat(same.isWorse()).isFalse();
        assertThat(same.better()).isEmpty();
        assertThat(same.changed()).isEmpty();
    }

    @Test
    void aBTreeGainingALevelIsNoise() {
        FactsComparison noise = FactsComparison.of(facts(INDEXED, List.of(), List.of(), 5, 5, 3),
                facts(INDEXED, List.of(), List.of(), 5, 5, 5));

        assertThat(noise.isWorse()).isFalse();
        assertThat(noise.changed()).containsExactly(FactsComparison.BUFFERS);
    }

    @Test
    void buffersBeyondTheToleranceAreWorse() {
        FactsComparison worse = FactsComparison.of(BASELINE, facts(INDEXED, List.of(), List.of(), 5, 5, 23));

        assertThat(worse.worse()).containsExactly("shared buffers 8 -> 23 (allowed up to 22)");
        assertThat(FactsComparison.of(BASELINE, facts(INDEXED, List.of(), List.of(), 5, 5, 22)).isWorse()).isFalse();
    }

    private static final List<String> INDEX_ONLY = List.of("Limit", "  Index Only Scan using jobs_ready on jobs");

    private static PlanFacts indexOnly(List<String> shape, long examined, long buffers, long heapFetches) {
        return new PlanFacts(PlanType.CUSTOM, shape, List.of(), List.of(), examined, 50, buffers, heapFetches);
    }

    @Test
    void buffersOfTheSamePlanGrownByNoMoreThanItsNewHeapFetchesAreNotWorseAndSaySo() {
        // the probe's index-only scan: recorded after a vacuum (3 buffers, 0 heap fetches), checked before one ran
        FactsComparison comparison = FactsComparison.of(indexOnly(INDEX_ONLY, 50, 3, 0),
                indexOnly(INDEX_ONLY, 50, 52, 50));

        assertThat(comparison.isWorse()).isFalse();
        assertThat(comparison.notes()).containsExactly("shared buffers 3 -> 52 not counted as worse: the plan is the"
                + " same and its index-only scans fetched 50 more rows from the table (heap fetches 0 -> 50), which"
                + " follows the visibility map, i.e. whether (auto)vacuum has run since the data was written, not the"
                + " plan");
        assertThat(comparison.changed()).containsExactly(FactsComparison.BUFFERS, FactsComparison.HEAP_FETCHES);
    }

    @Test
    void buffersGrownBeyondTheirNewHeapFetchesAreStillWorse() {
        // 40 more heap fetches explain 40 of the 60 buffers added; 3 + 20 is beyond the 14 allowed
        FactsComparison comparison = FactsComparison.of(indexOnly(INDEX_ONLY, 50, 3, 0),
                indexOnly(INDEX_ONLY, 50, 63, 40));

        assertThat(comparison.worse()).containsExactly("shared buffers 3 -> 63 (allowed up to 14)");
        assertThat(comparison.notes()).isEmpty();
    }

    @Test
    void heapFetchesExcuseNoBuffersWhenTheShapeChanged() {
        List<String> otherIndex = List.of("Limit", "  Index Only Scan using jobs_ready_2 on jobs");
        FactsComparison comparison = FactsComparison.of(indexOnly(INDEX_ONLY, 50, 3, 0),
                indexOnly(otherIndex, 50, 52, 50));

        assertThat(comparison.worse()).containsExactly("shared buffers 3 -> 52 (allowed up to 14)");
    }

    @Test
    void heapFetchesThatDidNotRiseExcuseNoBuffers() {
        FactsComparison comparison = FactsComparison.of(indexOnly(INDEX_ONLY, 50, 52, 50),
                indexOnly(INDEX_ONLY, 50, 120, 50));

        assertThat(comparison.worse()).containsExactly("shared buffers 52 -> 120 (allowed up to 88)");
    }

    @Test
    void aNewSeqScanOnALargeTableAndANewSortAreWorse() {
        FactsComparison worse = FactsComparison.of(BASELINE,
                facts(SCANNED, List.of("jobs"), List.of("Sort (run_at) in memory"), 20_000, 5, 8));

        assertThat(worse.worse()).containsExactly("new Seq Scan on jobs", "new sort: 0 -> 1 sorts",
                "rows examined per row returned 1 -> 4,000 (allowed up to 11)");
        assertThat(worse.changed()).contains(FactsComparison.SHAPE, FactsComparison.SEQ_SCANS, FactsComparison.SORTS);
    }

    @Test
    void aSortThatStartsSpillingIsWorse() {
        PlanFacts inMemory = facts(SCANNED, List.of(), List.of("Sort (run_at) in memory"), 5, 5, 8);
        PlanFacts spilled = facts(SCANNED, List.of(), List.of("Sort (run_at) spilled to disk"), 5, 5, 8);

        assertThat(FactsComparison.of(inMemory, spilled).worse())
                .containsExactly("a sort spills to disk: 0 -> 1 sorts spilled");
    }

    @Test
    void aShapeChangeThatExaminesMoreRowsIsWorseEvenWithinTheTolerance() {
        FactsComparison worse = FactsComparison.of(BASELINE, facts(OTHER_INDEX, List.of(), List.of(), 10, 5, 8));

        assertThat(worse.worse()).containsExactly(
                "the shape changed and examines more rows per row returned: 1 -> 2");
    }

    @Test
    void anIndexSwapThatExaminesNoMoreRowsPassesAndIsReported() {
        FactsComparison swap = FactsComparison.of(BASELINE, facts(OTHER_INDEX, List.of(), List.of(), 5, 5, 8));

        assertThat(swap.isWorse()).isFalse();
        assertThat(swap.better()).containsExactly("the shape changed without examining more rows per row returned");
    }

    @Test
    void rowsExaminedWithinTheToleranceWithTheSameShapeAreNoise() {
        assertThat(FactsComparison.of(BASELINE, facts(INDEXED, List.of(), List.of(), 55, 5, 8)).isWorse()).isFalse();
        assertThat(FactsComparison.of(BASELINE, facts(INDEXED, List.of(), List.of(), 60, 5, 8)).worse())
                .containsExactly("rows examined per row returned 1 -> 12 (allowed up to 11)");
    }

    @Test
    void aSeqScanGoneIsBetter() {
        FactsComparison better = FactsComparison.of(
                facts(SCANNED, List.of("jobs"), List.of("Sort (run_at) in memory"), 20_000, 5, 136), BASELINE);

        assertThat(better.isWorse()).isFalse();
        assertThat(better.better()).containsExactly("no more Seq Scan on jobs", "fewer sorts: 1 -> 0",
                "rows examined per row returned 4,000 -> 1", "shared buffers 136 -> 8");
    }

    @Test
    void theNodesAtFaultAreTheNewSeqScanAndSort() throws Exception {
        Plan before;
        try (var in = FactsComparisonTest.class.getResourceAsStream("/plans/delayed-jobs-before.json")) {
            before = Plan.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "SELECT 1",
                    PlanType.CUSTOM);
        }
        PlanFacts now = PlanFacts.of(Plans.of(before)).get(0);
        FactsComparison comparison = FactsComparison.of(BASELINE, now);

        assertThat(comparison.nodesAtFault(before)).extracting(PlanNode::nodeType).containsExactlyInAnyOrder("Sort", "Seq Scan");
        assertThat(now.seqScansOnLargeTables()).containsExactly("delayed_jobs_before");
        assertThat(now.sorts()).containsExactly("Sort (priority DESC, run_at) in memory");
    }
}
