package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.base.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The ordered steps that build a template database, named by a digest of their keys and the kit's version.
 *
 * @param steps the steps, in order
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record TemplateRecipe(List<TemplateStep> steps) {

    /** Bumped when the way templates are built changes, so reused templates of an older kit are not used. */
    static final String FORMAT_VERSION = "1";

    public TemplateRecipe {
        steps = List.copyOf(steps);
    }

    /** @return whether the recipe builds nothing, so the server's default template serves */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** @return the template database's name: a digest of the steps, at most 63 bytes */
    public String databaseName() {
        return "qtk_tpl_" + digest(16);
    }

    /**
     * @param hexChars how many hex characters of the digest to keep
     * @return a digest of the kit's template format and every step's key
     */
    String digest(int hexChars) {
        MessageDigest sha = Hashing.sha256();
        sha.update(FORMAT_VERSION.getBytes(StandardCharsets.UTF_8));
        for (TemplateStep step : steps) {
            sha.update((byte) 0);
            sha.update(step.key().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, hexChars);
    }
}
