package io.github.queuetestkit.postgres.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/** Small operations on PostgreSQL JDBC URLs. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class JdbcUrls {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&](password|sslpassword)=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:postgresql://)[^@/]*@");

    private JdbcUrls() {
    }

    /** @return whether the text has the shape of a PostgreSQL JDBC URL */
    public static boolean isPostgresUrl(String url) {
        return url != null && URL.matcher(url).matches();
    }

    /**
     * @param url a PostgreSQL JDBC URL
     * @param database the database to point at instead
     * @return the same URL, with the same parameters, pointing at {@code database}
     */
    public static String withDatabase(String url, String database) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(url));
        }
        String params = m.group(3) == null ? "" : m.group(3);
        return m.group(1) + "/" + database + params;
    }

    /**
     * @param url a PostgreSQL JDBC URL
     * @return the database part of the URL, or null when it names none
     */
    public static String database(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches() || m.group(2) == null || m.group(2).length() <= 1) {
            return null;
        }
        return m.group(2).substring(1);
    }

    /**
     * @param url any JDBC URL
     * @return the URL with passwords in parameters and user info masked, safe for logs and messages
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String withoutParams = SECRET_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(withoutParams).replaceAll("$1***@");
    }
}
