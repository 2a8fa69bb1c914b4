package io.github.queuetestkit.postgres.internal;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a test class asks of its server. Classes with equal requests share one server.
 *
 * @param image the image to start when no external server is configured
 * @param imageSource where the image name came from, for messages
 * @param serverSettings settings passed to the server on its command line
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ServerRequest(String image, String imageSource, Map<String, String> serverSettings) {

    public ServerRequest {
        serverSettings = Map.copyOf(serverSettings);
    }

    /** @return the part of the request that decides which server is shared: image and settings */
    String key() {
        return image + " " + new java.util.TreeMap<>(serverSettings);
    }
}
