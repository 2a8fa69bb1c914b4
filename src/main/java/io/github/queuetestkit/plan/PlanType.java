package io.github.queuetestkit.plan;

import org.apiguardian.api.API;

/**
 * Which plan PostgreSQL made: a custom plan uses the parameter values; a generic plan is made once without them
 * and reused, which is what a driver switches to after a few executions of the same prepared statement.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum PlanType {
    /** Planned with the bound parameter values ({@code plan_cache_mode = force_custom_plan}). */
    CUSTOM,
    /** Planned without parameter values ({@code plan_cache_mode = force_generic_plan}), conditions show {@code $1}. */
    GENERIC;

    /** @return "custom" or "generic", as failure messages name it */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
