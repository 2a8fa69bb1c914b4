package io.github.queuetestkit.base;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * What a recording DataSource answers to {@code unwrap(UnrecordedDataSource.class)}: the DataSource beneath it,
 * whose statements are not recorded. The kit's own EXPLAINs go there, so they never show up among the statements
 * a test captured; asking through {@code unwrap} lets the plan code reach it without knowing the recording class.
 */
@FunctionalInterface
@API(status = API.Status.INTERNAL, since = "0.1")
public interface UnrecordedDataSource {

    /** @return the DataSource beneath the recording one */
    DataSource unrecorded();

    /**
     * @param dataSource any DataSource
     * @return the DataSource beneath it when it records statements (directly or through wrappers that delegate
     *     {@code unwrap}), else the DataSource itself
     */
    static DataSource beneath(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(UnrecordedDataSource.class)) {
                return dataSource.unwrap(UnrecordedDataSource.class).unrecorded();
            }
        } catch (SQLException notAWrapperAfterAll) {
            // A DataSource that cannot answer is taken as it is: its connections are the ones to plan on.
        }
        return dataSource;
    }
}
