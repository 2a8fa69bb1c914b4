package com.example.springqueue;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Background work the application starts: reads the default queue's depth every 100 ms (for a metrics gauge). */
@Component
@ConditionalOnProperty("queue.depth-poller.enabled")
public class QueueDepthPoller {

    private final JobQueueRepository queue;
    private final AtomicLong depth = new AtomicLong();

    public QueueDepthPoller(JobQueueRepository queue) {
        this.queue = queue;
    }

    @Scheduled(fixedDelay = 100)
    public void poll() {
        depth.set(queue.depth("default"));
    }

    /** @return the depth the last poll read */
    public long depth() {
        return depth.get();
    }
}
