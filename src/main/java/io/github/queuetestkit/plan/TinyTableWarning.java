package io.github.queuetestkit.plan;

import io.github.queuetestkit.dataset.internal.DatasetRecord;
import io.github.queuetestkit.plan.internal.PlanSource;
import io.github.queuetestkit.plan.internal.TableStats;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.List;
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
        Optional<PlanSource> source = plans.source();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<String> warning = source.get().use(c -> {
                List<TableStats> tables = TableStats.of(c, PlanFooter.tables(plans));
                Optional<TableStats> tiny = PlanFooter.tiny(tables);
                if (tiny.isEmpty()) {
                    return Optional.<String>empty();
                }
                List<DatasetRecord> datasets = DatasetRecord.loading(c, PlanFooter.tables(plans));
                return Optional.of("A plan assertion passed on " + plans.request().sql().strip() + "\n"
                        + PlanFooter.tinyWarning(tiny.get(), datasets));
            });
            warning.ifPresent(w -> LOG.log(Level.WARNING, w));
            return warning;
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not check the table sizes of a passing plan assertion: " + e.getMessage(), e);
            return Optional.empty();
        }
    }
}
