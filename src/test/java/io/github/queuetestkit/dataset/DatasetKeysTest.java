package io.github.queuetestkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load builds the DDL's own keys and indexes after the rows; the tables must end up exactly as declared. */
@PostgresTest
class DatasetKeysTest {

    /** Every constraint and index on the public tables, with its full definition, in creation order. */
    private static final String DEFINITIONS = "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            + " AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'"
            + " UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1";

    /** Index and constraint names in the order the planner sees them (by OID), which breaks its cost ties. */
    private static final String OID_ORDER = "SELECT string_agg(relname, ',' ORDER BY c.oid) AS names FROM pg_class c"
            + " WHERE relnamespace = 'public'::regnamespace AND relkind = 'i'";

    @BeforeEach
    void emptySchema(PostgresDatabase db) {
        db.execute("DROP SCHEMA public CASCADE");
        db.execute("CREATE SCHEMA public");
    }

    private static List<Object> definitions(PostgresDatabase db) {
        return db.queryForList(DEFINITIONS).stream().map(row -> row.get("def")).toList();
    }

    @Test
    void keysForeignKeysAndDdlIndexesComeBackWithTheirNamesDefinitionsAndOrder(PostgresDatabase db) {
        DatasetSpec spec = DatasetSpec.named("car-users").withScale(2_000).withoutIndexes();
        String ddl = spec.ddl() + "\nCREATE UNIQUE INDEX users_email_like ON users (id, email) WHERE id > 0;"
                + "\nALTER TABLE car_users ADD CONSTRAINT car_user_once UNIQUE (car_id, id) DEFERRABLE;";
        DatasetSpec withMore = new DatasetSpec(spec.name(), ddl, spec.tables(), spec.indexes(), spec.scale(),
                spec.seed(), false, spec.threads(), spec.source(), spec.churn());
        db.execute(ddl);
        List<Object> declared = definitions(db);
        Object declaredOrder = db.queryForList(OID_ORDER).get(0).get("names");
        emptySchema(db);

        LoadResult result = withMore.load(db.dataSource());

        assertThat(definitions(db)).hasSizeGreaterThan(8).containsExactlyElementsOf(declared);
        assertThat(db.queryForList(OID_ORDER).get(0).get("names")).isEqualTo(declaredOrder);
        assertThat(result.keys()).isPositive();
        assertThat(db.queryForList("SELECT count(*) AS n FROM car_users cu JOIN cars c ON c.id = cu.car_id")
                .get(0).get("n")).isEqualTo(withMore.rowCount("car_users"));
    }

    @Test
    void duplicateKeysFailNamingTheTableAndTheConstraintTheyBreak(PostgresDatabase db) {
        DatasetSpec duplicates = DatasetSpec.ofDdl("dups", "CREATE TABLE accounts (id bigint PRIMARY KEY, n int)")
                .withTable(TableSpec.named("accounts").withRows("5000")
                        .withColumn("id", Generator.uniform(1, 100))
                        .withColumn("n", Generator.sequence()));

        assertThatThrownBy(() -> duplicates.load(db.dataSource()))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Loading dataset dups failed: the rows generated for table accounts break"
                        + " accounts_pkey")
                .hasMessageContaining("PRIMARY KEY (id)")
                .hasMessageContaining("is duplicated")
                .hasMessageContaining("keys must be distinct (a sequence is)");
    }

    @Test
    void foreignKeysToRowsThatDoNotExistFailNamingTheForeignKey(PostgresDatabase db) {
        DatasetSpec orphans = DatasetSpec.ofDdl("orphans", "CREATE TABLE owners (id bigint PRIMARY KEY);"
                        + " CREATE TABLE pets (id bigint PRIMARY KEY, owner_id bigint REFERENCES owners (id))")
                .withTable(TableSpec.named("owners").withRows("10").withColumn("id", Generator.sequence()))
                .withTable(TableSpec.named("pets").withRows("100").withColumn("id", Generator.sequence())
                        .withColumn("owner_id", Generator.uniform(1, 50)));

        assertThatThrownBy(() -> orphans.load(db.dataSource()))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("table pets break pets_owner_id_fkey")
                .hasMessageContaining("FOREIGN KEY (owner_id) REFERENCES owners(id)")
                .hasMessageContaining("pick from the table it references (the foreign_key generator does)");
    }

    @Test
    void tablesWithTriggersKeepTheirKeysWhileRowsGoIn(PostgresDatabase db) {
        // a trigger may upsert into a table whose unique index it needs, so nothing is taken off such tables
        DatasetSpec counted = DatasetSpec.ofDdl("counted", """
                CREATE TABLE totals (k int PRIMARY KEY, n bigint NOT NULL);
                CREATE TABLE events (id bigint PRIMARY KEY, k int NOT NULL);
                CREATE FUNCTION count_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO totals VALUES (NEW.k, 1) ON CONFLICT (k) DO UPDATE SET n = totals.n + 1;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER events_count AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION count_event();
                """)
                .withTable(TableSpec.named("events").withRows("3000").withColumn("id", Generator.sequence())
                        .withColumn("k", Generator.uniform(1, 7)));

        LoadResult result = counted.load(db.dataSource());

        assertThat(db.queryForList("SELECT sum(n) AS n FROM totals").get(0).get("n"))
                .hasToString("3000");
        assertThat(result.keys()).isLessThan(java.time.Duration.ofMillis(50));
        assertThat(db.queryForList("SELECT conname FROM pg_constraint WHERE conrelid = 'events'::regclass"
                + " AND contype IN ('p', 'u', 'f')"))
                .extracting(row -> row.get("conname")).containsExactly("events_pkey");
    }

    @Test
    void keysAreRebuiltInTheSchemaTheLoadTargets(PostgresDatabase db) {
        db.execute("CREATE SCHEMA other");
        DatasetSpec spec = DatasetSpec.named("client-records").withScale(1_000).withoutIndexes();
        org.postgresql.ds.PGSimpleDataSource inOther = new org.postgresql.ds.PGSimpleDataSource();
        inOther.setUrl(db.jdbcUrl());
        inOther.setUser(db.username());
        inOther.setPassword(db.password());
        inOther.setCurrentSchema("other,public");

        spec.load(inOther);

        assertThat(db.queryForList("SELECT conrelid::regclass::text AS t, conname FROM pg_constraint"
                + " WHERE connamespace = 'other'::regnamespace AND contype = 'p' ORDER BY 1"))
                .extracting(Map::values).extracting(Object::toString)
                .containsExactly("[other.clients, clients_pkey]", "[other.records, records_pkey]");
    }
}
