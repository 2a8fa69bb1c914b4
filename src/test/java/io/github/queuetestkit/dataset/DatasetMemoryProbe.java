package io.github.queuetestkit.dataset;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Loads the jobs dataset in a JVM of its own, started by {@link DatasetLoadBenchmark} with a small {@code -Xmx},
 * and prints the largest heap that was still in use after a garbage collection: what the loader really keeps.
 */
public final class DatasetMemoryProbe {

    private DatasetMemoryProbe() {
    }

    /** @param args JDBC URL, user, password, rows */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args[2]);
        long rows = Long.parseLong(args[3]);
        AtomicLong liveAfterGc = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        live += pool.getCollectionUsage().getUsed();
                    }
                }
                liveAfterGc.accumulateAndGet(live, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        LoadResult result = DatasetSpec.named("jobs").withScale(rows).withoutIndexes().load(dataSource);
        long nanos = System.nanoTime() - start;
        sampler.interrupt();
        sampler.join();
        System.out.printf("PROBE rows=%d seconds=%.1f maxHeapMB=%d liveAfterGcMB=%.1f%n", result.totalRows(),
                nanos / 1e9, Runtime.getRuntime().maxMemory() >> 20, liveAfterGc.get() / 1048576.0);
    }
}
