-- A migration with a typo, so the kit's error can be checked against the line and column it names.
ALTER TABLE jobs ADD COLUMN priority integer NOT NULL DEFAULT 0;

INSERT INTO jobs (queue,
    priorty) VALUES ('mail', 1);
