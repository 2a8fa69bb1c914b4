package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.VerdictFacts;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The warning logged when a plan assertion passes on tiny data: a pass there proves little, and no failure message
 * will say so. Logged through {@link System.Logger} (logger {@code io.github.queuetestkit.plan}, level WARNING), which
 * reaches java.util.logging or, with a bridge such as slf4j-jdk-platform-logging, the project's own logging.
 */
final class TinyTableWarning {

    private static final System.Logger LOG = System.getLogger("io.github.queuetestkit.plan");

    private TinyTableWarning() {
    }

    /**
     * @param plans plans whose assertion passed
     * @return the warning logged, if any
     */
    static Optional<String> logIfTiny(Plans plans) {
        VerdictFacts facts = plans.facts();
        if (facts.unavailable() != null) {
            LOG.log(Level.WARNING, "Could not check the table sizes of a passing plan assertion: " + facts.unavailable());
            return Optional.empty();
        }
        Optional<String> warning = PlanFooter.tiny(facts).map(tiny -> "A plan assertion passed on "
                + plans.request().sql().strip() + "\n" + PlanFooter.tinyWarning(tiny, facts.datasets()));
        warning.ifPresent(w -> LOG.log(Level.WARNING, w));
        return warning;
    }
}
