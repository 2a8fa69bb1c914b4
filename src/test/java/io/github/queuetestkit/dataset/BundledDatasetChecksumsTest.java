package io.github.queuetestkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows of every bundled dataset are pinned: a change to a generator, to the encoding or to the loader that
 * alters a single value fails here, on every machine. Such a change must raise {@link DatasetSpec#ENGINE_VERSION}
 * (templates kept with {@code queuetestkit.reuse=true} are keyed by it) and update these sums.
 */
@PostgresTest(settings = {"TimeZone=UTC", "DateStyle=ISO, MDY", "extra_float_digits=1"})
class BundledDatasetChecksumsTest {

    private static Map<String, Object> checksums(PostgresDatabase db, DatasetSpec spec) {
        Map<String, Object> sums = new TreeMap<>();
        for (TableSpec table : spec.tables()) {
            sums.put(table.name(), db.queryForList("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM "
                    + table.name() + " t").get(0).get("sum"));
        }
        return sums;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "jobs; {jobs=b0aeadede0564954d3dbb0fef0b9de1b, tenants=98f5a08437262b62ed72ac6a42a2da2d}",
        "delayed-jobs; {delayed_jobs=1ae80c6efbe4aa4afe011419f50c8dd8}",
        "fair-queue; {batch_spec_workspace_execution_jobs=7ba19a48a61e767efa775b5817a4f3f1, users=553d04d464a386ac32aa08fac4cc22cc}",
        "client-records; {clients=798cf86dc076ea96dd221911c23fa662, records=a9eb2d125deca33fb0f4aacfb255df6f}",
        "car-users; {car_users=37cc69baecf75f4f32115223abf306b6, cars=06129113bc96f32d61cba7236d528838, jobs=ea080277d358edfa534f9c65e207730c, users=8c60e57250872f4e172faa16d7d96170}",
    })
    void bundledDatasetsGiveTheRowsOfThisEngineVersion(String name, String expected, PostgresDatabase db) {
        db.execute("DROP SCHEMA public CASCADE");
        db.execute("CREATE SCHEMA public");
        DatasetSpec spec = DatasetSpec.named(name).withScale(3_000).withSeed(42).withoutIndexes();

        spec.load(db.dataSource());

        assertThat(DatasetSpec.ENGINE_VERSION).isEqualTo("2");
        assertThat(checksums(db, spec).toString()).isEqualTo(expected);
    }
}
