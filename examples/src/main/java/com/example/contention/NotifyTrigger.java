package com.example.contention;

/**
 * The enqueue side of a notify-driven queue: a statement trigger on {@code tasks} that wakes the workers listening on
 * {@code tasks_ready}. The incident version notifies {@code task_ready}, a channel nobody listens on, so workers
 * only find new tasks when their fallback poll comes round.
 */
public final class NotifyTrigger {

    /** The channel the workers listen on. */
    public static final String CHANNEL = "tasks_ready";

    /** The incident: one letter off. */
    public static final String WRONG_CHANNEL = "task_ready";

    private NotifyTrigger() {
    }

    /**
     * @param channel the channel the trigger notifies
     * @return the DDL of the trigger function and the trigger
     */
    public static String[] ddl(String channel) {
        return new String[] {
            "CREATE OR REPLACE FUNCTION tasks_notify() RETURNS trigger AS $$ BEGIN PERFORM pg_notify('" + channel
                    + "', ''); RETURN NULL; END $$ LANGUAGE plpgsql",
            "DROP TRIGGER IF EXISTS tasks_notify ON tasks",
            "CREATE TRIGGER tasks_notify AFTER INSERT ON tasks FOR EACH STATEMENT EXECUTE FUNCTION tasks_notify()"
        };
    }
}
