package io.github.queuetestkit.migrations.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every file under a set of Flyway locations, read when the class's configuration is read: their digest keys the
 * template, so editing, adding or removing a migration builds a new one, and their text lets a failure be shown at
 * its line. Flyway itself decides which files are migrations; the digest takes every file, which can only rebuild a
 * template too often, never reuse a stale one.
 *
 * @param files each file's name (the location, a slash, the path under it) and content, in name order
 */
record MigrationFiles(Map<String, byte[]> files) {

    MigrationFiles {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * @param locations Flyway locations: {@code classpath:} (also without a prefix) and {@code filesystem:}
     * @param origin where they were named, for messages
     * @param loader where classpath locations are found
     * @return the files under every location
     * @throws InvalidConfigurationException when a location holds no file or is of a kind the kit cannot read
     */
    static MigrationFiles resolve(List<String> locations, String origin, ClassLoader loader) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String location : locations) {
            Map<String, byte[]> found = new TreeMap<>();
            String lookedIn = read(location, origin, loader, found);
            if (found.isEmpty()) {
                throw new InvalidConfigurationException(MigrationMessages.emptyLocation(location, origin, lookedIn));
            }
            found.forEach((path, content) -> files.put(location + "/" + path, content));
        }
        return new MigrationFiles(files);
    }

    /** @return a digest of every file's name and content */
    String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * @param script a migration's path as Flyway reports it, relative to its location (e.g. {@code V2__add.sql} or
     *        {@code sub/V2__add.sql})
     * @return the one file whose name ends with it, or null when none or several do
     */
    Map.Entry<String, String> find(String script) {
        Map.Entry<String, String> match = null;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getKey().endsWith("/" + script)) {
                if (match != null) {
                    return null;
                }
                match = Map.entry(file.getKey(), new String(file.getValue(), StandardCharsets.UTF_8));
            }
        }
        return match;
    }

    /** @return the files' names, for messages */
    List<String> names() {
        return List.copyOf(files.keySet());
    }

    // Fills found with path-under-location -> content; returns where it looked, for the message when nothing is there.
    private static String read(String location, String origin, ClassLoader loader, Map<String, byte[]> found) {
        String trimmed = location.trim();
        int colon = trimmed.indexOf(':');
        String prefix = colon < 0 ? "classpath" : trimmed.substring(0, colon);
        String path = withoutWildcards(colon < 0 ? trimmed : trimmed.substring(colon + 1));
        if (prefix.equals("filesystem")) {
            Path directory = Paths.get(path).toAbsolutePath().normalize();
            if (Files.isDirectory(directory)) {
                walk(directory, found);
            }
            return directory.toString();
        }
        if (!prefix.equals("classpath")) {
            throw new InvalidConfigurationException(MigrationMessages.unsupportedLocation(location, origin));
        }
        String resource = path.startsWith("/") ? path.substring(1) : path;
        while (resource.endsWith("/")) {
            resource = resource.substring(0, resource.length() - 1);
        }
        try {
            Enumeration<URL> urls = loader.getResources(resource);
            StringBuilder where = new StringBuilder("the class path under " + resource);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if (url.getProtocol().equals("file")) {
                    walk(Paths.get(url.toURI()), found);
                } else if (url.getProtocol().equals("jar")) {
                    readJar(url, found);
                } else {
                    // A class path entry we cannot list (an application server's virtual files): its address keys
                    // the template instead of its content.
                    found.put(url.toString(), url.toString().getBytes(StandardCharsets.UTF_8));
                }
                where.append(", ").append(url);
            }
            return where.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list classpath location " + location, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a file URL from the class loader is a URI", e);
        }
    }

    // Flyway accepts wildcards (db/**/migration); the digest takes everything under the part before the first one.
    private static String withoutWildcards(String path) {
        int star = path.indexOf('*');
        if (star < 0) {
            return path;
        }
        int slash = path.lastIndexOf('/', star);
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static void walk(Path directory, Map<String, byte[]> found) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                found.put(relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read migrations under " + directory, e);
        }
    }

    private static void readJar(URL url, Map<String, byte[]> found) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            return;
        }
        jarConnection.setUseCaches(false);
        String prefix = jarConnection.getEntryName() == null ? "" : jarConnection.getEntryName();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.put(entry.getName().substring(prefix.length()), in.readAllBytes());
                    }
                }
            }
        }
    }
}
