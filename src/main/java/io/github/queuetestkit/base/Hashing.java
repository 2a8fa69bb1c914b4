package io.github.queuetestkit.base;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apiguardian.api.API;

/** Digests that name things by their content: templates, init scripts, datasets. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Hashing {

    private Hashing() {
    }

    /**
     * @param text any text
     * @return its SHA-256 in hex
     */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return a new SHA-256 digest, for content fed to it in parts */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
