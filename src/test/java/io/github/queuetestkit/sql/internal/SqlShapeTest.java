package io.github.queuetestkit.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.sql.StatementKind;
import org.junit.jupiter.api.Test;

class SqlShapeTest {

    @Test
    void foldsInListsOfDifferentLengthsToOneNormalizedStatement() {
        SqlShape three = SqlShape.of("SELECT * FROM records WHERE id IN (1, 2, 3)");
        SqlShape two = SqlShape.of("select *   from records\n where id in (?,?)");
        assertThat(three.normalized()).isEqualTo("select * from records where id in (...)");
        assertThat(two.normalized()).isEqualTo(three.normalized());
    }

    @Test
    void foldsLiteralsStringsAndDollarParametersToPlaceholders() {
        assertThat(SqlShape.of("UPDATE jobs SET state = 'done', run_at = now() + interval '1 day' WHERE id = $1")
                .normalized()).isEqualTo("update jobs set state = ?, run_at = now() + interval ? where id = ?");
        assertThat(SqlShape.of("SELECT 1.5e3, E'it\\'s', $tag$ x ; $tag$").normalized())
                .isEqualTo("select ?, ?, ?");
    }

    @Test
    void foldsMultiRowValuesOfAnySizeAndArrays() {
        String one = SqlShape.of("INSERT INTO jobs (queue, user_id) VALUES (?, ?)").normalized();
        String three = SqlShape.of("INSERT INTO jobs (queue, user_id) VALUES (?, ?), (?, ?), ('a', 3)").normalized();
        assertThat(three).isEqualTo(one).isEqualTo("insert into jobs(queue, user_id) values (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE id = ANY(ARRAY[1,2,3])").normalized())
                .isEqualTo("select * from jobs where id = any (array[...])");
    }

    @Test
    void ignoresKeywordsInsideStringsCommentsAndQuotedIdentifiers() {
        SqlShape shape = SqlShape.of("/* FROM secret */ SELECT 'FROM users' AS \"from\" -- JOIN users\n FROM jobs");
        assertThat(shape.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(shape.tables()).containsExactly("jobs");
        assertThat(shape.normalized()).isEqualTo("select ? as \"from\" from jobs");
    }

    @Test
    void classifiesTheMainStatementAfterCtesAndSkipsCteNames() {
        SqlShape dequeue = SqlShape.of("WITH picked AS (SELECT id FROM jobs WHERE state = 'queued' ORDER BY run_at"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE jobs j SET state = 'running' FROM picked"
                + " WHERE j.id = picked.id RETURNING j.id");
        assertThat(dequeue.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(dequeue.target()).isEqualTo("jobs");
        assertThat(dequeue.tables()).containsExactly("jobs");
    }

    @Test
    void readsJoinsCommaListsSchemasAndQuotedTables() {
        SqlShape shape = SqlShape.of("SELECT * FROM public.jobs j, records r JOIN \"Users\" u ON u.id = r.id"
                + " CROSS JOIN LATERAL unnest(?) AS x WHERE extract(epoch FROM j.run_at) > 0");
        assertThat(shape.tables()).containsExactly("public.jobs", "records", "Users");
        assertThat(shape.names("jobs")).isTrue();
        assertThat(shape.names("\"Users\"")).isTrue();
        assertThat(shape.names("users")).isFalse();
        assertThat(shape.names("other.jobs")).isFalse();
    }

    @Test
    void targetsOfInsertDeleteMergeAndCopy() {
        assertThat(SqlShape.of("INSERT INTO jobs AS j (queue) SELECT queue FROM records").target()).isEqualTo("jobs");
        assertThat(SqlShape.of("DELETE FROM jobs WHERE id IN (SELECT id FROM records)").target()).isEqualTo("jobs");
        assertThat(SqlShape.of("MERGE INTO jobs USING records ON true WHEN MATCHED THEN DO NOTHING").kind())
                .isEqualTo(StatementKind.MERGE);
        assertThat(SqlShape.of("COPY jobs (queue) FROM STDIN").target()).isEqualTo("jobs");
        assertThat(SqlShape.of("INSERT INTO users (name) VALUES (?)").target()).isEqualTo("users");
        assertThat(SqlShape.of("SELECT * FROM jobs FOR UPDATE").target()).isNull();
        assertThat(SqlShape.of("INSERT INTO jobs (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET queue = 'x'").kind())
                .isEqualTo(StatementKind.INSERT);
    }

    @Test
    void mapsPlaceholdersToTheColumnsTheyAreComparedWithOrInsertedInto() {
        assertThat(SqlShape.of("INSERT INTO users (name, password) VALUES (?, ?)").placeholderColumns())
                .containsExactly("name", "password");
        assertThat(SqlShape.of("UPDATE users SET password = ? WHERE id = ? AND name LIKE ?").placeholderColumns())
                .containsExactly("password", "id", "name");
        assertThat(SqlShape.of("SELECT lower(?) FROM users WHERE u.token = ?").placeholderColumns())
                .containsExactly(null, "token");
    }
}
