package io.github.queuetestkit.plan;

/** Statements of the delayed-job story (shared/seeds/delayed-job-sort-index.txt), against db/plan-jobs.sql. */
final class PlanFixtures {

    /** Before the fix: no index to serve the sort, so every row is read and sorted to return 5. */
    static final String DELAYED_BEFORE = "SELECT * FROM delayed_jobs_before WHERE ((run_at <= now() AND (locked_at IS NULL"
            + " OR locked_at < now() - interval '4 hours') OR locked_by = ?) AND failed_at IS NULL)"
            + " ORDER BY priority DESC, run_at ASC LIMIT 5";

    /** The fix: lower number = more important, so the index order serves the sort and LIMIT stops early. */
    static final String DELAYED_ASC = "SELECT * FROM delayed_jobs WHERE ((run_at <= now() AND (locked_at IS NULL"
            + " OR locked_at < now() - interval '4 hours') OR locked_by = ?) AND failed_at IS NULL)"
            + " ORDER BY priority ASC, run_at ASC LIMIT 5";

    /** 1% of skewed_jobs are queued: the custom plan reads the index, the generic plan (50% guess) does not. */
    static final String SKEWED = "SELECT id, payload FROM skewed_jobs WHERE state = ?";

    private PlanFixtures() {
    }
}
