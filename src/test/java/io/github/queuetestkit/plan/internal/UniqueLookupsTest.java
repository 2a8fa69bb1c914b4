package io.github.queuetestkit.plan.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which index columns an Index Cond equates with one value each, as EXPLAIN prints the condition. */
class UniqueLookupsTest {

    @Test
    void columnsEquatedWithOneValueEachAreTheKeyALookupCovers() {
        assertThat(UniqueLookups.equated("(id = \"ANY_subquery\".id)")).containsExactly("id");
        assertThat(UniqueLookups.equated("((name = $1) AND (id = next.id))")).containsExactly("name", "id");
        assertThat(UniqueLookups.equated("((\"Key\" = 'a AND b'::text) AND (n = 5))")).containsExactly("Key", "n");
        // an array or a range reaches more than one row a loop
        assertThat(UniqueLookups.equated("(id = ANY ('{1,2,3}'::bigint[]))")).isEmpty();
        assertThat(UniqueLookups.equated("((id >= 5) AND (id <= 9))")).isEmpty();
        assertThat(UniqueLookups.equated("((user_id = $1) AND (id > $2))")).containsExactly("user_id");
    }
}
