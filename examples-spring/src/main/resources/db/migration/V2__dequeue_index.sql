-- The dequeue reads the most urgent queued job of a queue: this index serves it without a sort.
CREATE INDEX jobs_dequeue ON jobs (queue, priority DESC, run_at) WHERE state = 'queued';
