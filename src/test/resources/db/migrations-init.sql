-- Runs after the Flyway migrations of the kit's own tests: test-only SQL on top of the application's schema.
CREATE TABLE queue_meta (name text NOT NULL);
INSERT INTO queue_meta SELECT 'init-script-after-' || max(version) FROM flyway_schema_history;
