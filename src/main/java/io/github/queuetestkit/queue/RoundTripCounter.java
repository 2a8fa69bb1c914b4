package io.github.queuetestkit.queue;

import org.apiguardian.api.API;

/**
 * The seam between enqueue assertions and statement capture: how many round trips to the server wrote to a
 * table during the code under test. Statement capture (package {@code sql}) provides one; any other counter
 * works too.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface RoundTripCounter {

    /**
     * @param table the jobs table, as given to {@link Jobs#inTable(String)}
     * @return how many round trips inserted into it
     */
    long roundTripsWriting(String table);
}
