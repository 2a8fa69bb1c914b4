ALTER TABLE jobs ADD COLUMN priority integer NOT NULL DEFAULT 0;
CREATE INDEX jobs_dequeue ON jobs (queue, priority DESC, run_at);
INSERT INTO jobs (queue) VALUES ('mail'), ('reports');
