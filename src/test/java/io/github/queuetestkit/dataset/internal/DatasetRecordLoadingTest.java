package io.github.queuetestkit.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetRecordLoadingTest {

    @Test
    void namesTheSameRecipeOnceWhenItWasLoadedTwice() {
        // a class @Dataset at scale 100_000 and a sweep's step at the same scale write two equal records
        DatasetRecord classDataset = new DatasetRecord("client-records", "client-records", 100_000, 42, true, "",
                "records 100,000 rows", false, List.of("clients", "records"));
        DatasetRecord sweepStep = new DatasetRecord("client-records", "client-records", 100_000, 42, true, "",
                "records 100,000 rows", false, List.of("clients", "records"));

        assertThat(DatasetRecord.loading(List.of(classDataset, sweepStep), List.of("records"))).hasSize(1);
    }
}
