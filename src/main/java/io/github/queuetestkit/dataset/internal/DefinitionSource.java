package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.DatasetDefinitionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apiguardian.api.API;

/**
 * The text of a dataset definition and where it came from, so files it names (a DDL file) resolve next to it.
 *
 * @param label how messages name it: a file path or {@code classpath:datasets/jobs.yaml}
 * @param text the YAML
 * @param classpathDir the resource folder it came from, or null
 * @param fileDir the folder of the file it came from, or null
 * @param loader where classpath files next to it are read from
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record DefinitionSource(String label, String text, String classpathDir, Path fileDir, ClassLoader loader) {

    /**
     * @param name a bundled name ({@code jobs}), a classpath resource or a file path
     * @param loader where to look for classpath resources
     * @return the definition's text
     * @throws DatasetDefinitionException if nothing by that name exists
     */
    public static DefinitionSource resolve(String name, ClassLoader loader) {
        ClassLoader classes = loader != null ? loader : DefinitionSource.class.getClassLoader();
        String trimmed = name.trim();
        String resource = trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
        for (String candidate : new String[] {"datasets/" + resource + ".yaml", resource}) {
            try (InputStream in = classes.getResourceAsStream(candidate)) {
                if (in != null) {
                    int slash = candidate.lastIndexOf('/');
                    return new DefinitionSource("classpath:" + candidate,
                            new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            slash < 0 ? "" : candidate.substring(0, slash + 1), null, classes);
                }
            } catch (IOException e) {
                throw new DatasetDefinitionException("Could not read classpath resource " + candidate + ": "
                        + e.getMessage(), e);
            }
        }
        Path file = Paths.get(trimmed);
        if (Files.isRegularFile(file)) {
            try {
                return new DefinitionSource(trimmed, Files.readString(file, StandardCharsets.UTF_8), null,
                        file.toAbsolutePath().getParent(), classes);
            } catch (IOException e) {
                throw new DatasetDefinitionException("Could not read dataset definition " + file + ": "
                        + e.getMessage(), e);
            }
        }
        throw new DatasetDefinitionException("No dataset named '" + name + "': looked for the bundled classpath:datasets/"
                + resource + ".yaml, the classpath resource " + resource + " and the file " + file.toAbsolutePath()
                + ". Bundled datasets: delayed-jobs, fair-queue, client-records, car-users, jobs.");
    }

    /**
     * @param relative a file named in the definition
     * @param where "file:line:column" naming it, for messages
     * @return its text
     */
    public String readSibling(String relative, String where) {
        try {
            if (classpathDir != null) {
                try (InputStream in = loader.getResourceAsStream(classpathDir + relative)) {
                    if (in != null) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                throw new DatasetDefinitionException(where + ": ddl_file '" + relative + "' not found as classpath"
                        + " resource " + classpathDir + relative + ". Expected a file next to the definition.");
            }
            Path file = fileDir.resolve(relative);
            if (!Files.isRegularFile(file)) {
                throw new DatasetDefinitionException(where + ": ddl_file '" + relative + "' not found at " + file
                        + ". Expected a file next to the definition.");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetDefinitionException(where + ": could not read ddl_file '" + relative + "': "
                    + e.getMessage(), e);
        }
    }
}
