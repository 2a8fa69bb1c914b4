package io.github.queuetestkit.sql;

import org.apiguardian.api.API;

/**
 * What a captured statement does, read from its first keyword (or the main statement after a {@code WITH}), and
 * the operation of each {@link TableWrite} in it (INSERT, UPDATE, DELETE, MERGE, COPY).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum StatementKind {
    /** {@code SELECT}, {@code VALUES} or {@code TABLE}. */
    SELECT,
    /** {@code INSERT}. */
    INSERT,
    /** {@code UPDATE}. */
    UPDATE,
    /** {@code DELETE}. */
    DELETE,
    /** {@code MERGE}. */
    MERGE,
    /** {@code COPY}. */
    COPY,
    /** {@code CALL}. */
    CALL,
    /** Anything else: DDL, {@code SET}, {@code BEGIN}, {@code LOCK}, {@code NOTIFY}, ... */
    OTHER
}
