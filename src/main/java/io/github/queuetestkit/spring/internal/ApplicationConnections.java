package io.github.queuetestkit.spring.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to the class database made the way the application makes its own: the driver options in the
 * application's JDBC URL and in its pool's data source properties ({@code stringtype=unspecified},
 * {@code reWriteBatchedInserts=true}, {@code ApplicationName}, ...) are kept; where and how to connect and log in
 * (host, database, user, SSL) are the kit's.
 */
final class ApplicationConnections {

    // Options that say where and how to reach a server: the test server is the kit's, not production's.
    private static final Set<String> SERVER_OPTIONS = Set.of("user", "password", "targettype", "targetservertype",
            "loadbalancehosts", "hostrecheckseconds", "socketfactory", "socketfactoryarg", "gssencmode",
            "kerberosservername", "jaasapplicationname", "jaaslogin", "usespnego", "gsslib", "sspiservicenameclass",
            "authenticationpluginclassname", "channelbinding");

    private ApplicationConnections() {
    }

    /**
     * @param database the class database's JDBC URL, user and password
     * @param applicationUrl the application's JDBC URL, or null
     * @param applicationProperties the application's pool's data source properties
     * @param user the kit's user
     * @param password the kit's password
     * @return a DataSource of the class database with the application's driver options
     */
    static DataSource of(String database, String applicationUrl, Properties applicationProperties, String user,
            String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        Map<String, String> options = new LinkedHashMap<>(urlOptions(applicationUrl));
        applicationProperties.stringPropertyNames().forEach(name -> options.put(name,
                applicationProperties.getProperty(name)));
        options.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SERVER_OPTIONS.contains(lower) && !lower.startsWith("ssl")) {
                try {
                    dataSource.setProperty(name, value);
                } catch (SQLException unknown) {
                    // The driver ignores options it does not know when the application connects; so do we.
                }
            }
        });
        return dataSource;
    }

    static Map<String, String> urlOptions(String url) {
        Map<String, String> options = new LinkedHashMap<>();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return options;
        }
        int question = url.indexOf('?');
        if (question < 0) {
            return options;
        }
        for (String pair : url.substring(question + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            options.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                    StandardCharsets.UTF_8));
        }
        return options;
    }
}
