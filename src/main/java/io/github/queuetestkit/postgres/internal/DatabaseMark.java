package io.github.queuetestkit.postgres.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the kit writes with {@code COMMENT ON DATABASE} on every database it creates, so that a later run can tell
 * its own leftovers (and whose they are) from everything else on a shared server: names alone start with
 * {@code qtk_} but prove nothing. Read back by {@link LeftoverCleanup}; a comment that does not parse is not ours.
 *
 * @param runKey the creating run's key, which its {@link RunLease} holds as an advisory lock while it lives
 * @param kind what the database is for
 * @param reuse for a template: whether its builder wanted it kept for later runs ({@code queuetestkit.reuse})
 * @param created when it was marked
 */
record DatabaseMark(int runKey, Kind kind, boolean reuse, Instant created) {

    /** The comment's first word, which nothing but the kit writes. */
    static final String PREFIX = "queue-testkit";

    /** What a marked database is for, which decides whether a dead run's copy may go. */
    enum Kind {
        /** A test class's database. */
        CLASS,
        /** A class database kept on purpose ({@code queuetestkit.keepDatabases}): never dropped by a cleanup. */
        KEPT,
        /** A clone made ahead for the next class; belongs to one run. */
        SPARE,
        /** A template being built under a temporary name; useless once its builder is gone. */
        BUILDING,
        /** A finished template, shared by every run that clones it. */
        TEMPLATE
    }

    /** @return the comment text, e.g. {@code queue-testkit run=1f2e3d4c kind=class reuse=false created=...} */
    String format() {
        return PREFIX + " run=" + Integer.toHexString(runKey) + " kind=" + kind.name().toLowerCase(Locale.ROOT)
                + " reuse=" + reuse + " created=" + created;
    }

    /**
     * @param comment a database's comment, or null
     * @return the mark it holds, or null when the comment is not one the kit wrote
     */
    static DatabaseMark parse(String comment) {
        if (comment == null || !comment.startsWith(PREFIX + " ")) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String word : comment.substring(PREFIX.length() + 1).trim().split("\\s+")) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                fields.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        try {
            int runKey = Integer.parseUnsignedInt(fields.get("run"), 16);
            Kind kind = Kind.valueOf(fields.get("kind").toUpperCase(Locale.ROOT));
            boolean reuse = Boolean.parseBoolean(fields.get("reuse"));
            Instant created = fields.containsKey("created") ? Instant.parse(fields.get("created")) : Instant.EPOCH;
            return new DatabaseMark(runKey, kind, reuse, created);
        } catch (RuntimeException notOurs) {
            // NumberFormatException, IllegalArgumentException, NullPointerException, DateTimeParseException alike:
            // a comment the kit did not write in full is treated as unmarked, so it is never dropped.
            return null;
        }
    }
}
