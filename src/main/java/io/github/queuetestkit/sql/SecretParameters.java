package io.github.queuetestkit.sql;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * Which bound parameters are secret and must never be printed: by position (1-based, as JDBC counts) or by the
 * column a placeholder is compared with or inserted into ({@code password = ?}, {@code INSERT INTO users
 * (name, token) VALUES (?, ?)}). Captured values stay available to code; only failure messages and
 * descriptions hide them.
 *
 * <pre>{@code
 * CapturedStatements visible = captured.withSecrets(SecretParameters.columnsMatching("(?i)password|token"));
 * }</pre>
 *
 * @param indexes 1-based parameter positions to hide in every statement
 * @param columns a pattern a column name must match entirely for its parameter to be hidden, or null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SecretParameters(Set<Integer> indexes, Pattern columns) {

    /** Defensive copy; validates the positions. */
    public SecretParameters {
        for (Integer index : indexes) {
            if (index == null || index < 1) {
                throw new InvalidConfigurationException("Secret parameter position " + index
                        + " is not a JDBC parameter position. Positions count from 1, as in setString(1, ...).");
            }
        }
        indexes = Set.copyOf(new TreeSet<>(indexes));
    }

    /** @return nothing is secret */
    public static SecretParameters none() {
        return new SecretParameters(Set.of(), null);
    }

    /**
     * @param positions 1-based parameter positions
     * @return those positions hidden in every statement
     */
    public static SecretParameters atPositions(int... positions) {
        return none().withPositions(positions);
    }

    /**
     * @param regex a regular expression a column name must match entirely, e.g. {@code (?i)password|api_key}
     * @return parameters bound to matching columns hidden
     */
    public static SecretParameters columnsMatching(String regex) {
        return none().withColumnsMatching(regex);
    }

    /**
     * @param positions more 1-based positions to hide
     * @return a copy hiding those as well
     */
    public SecretParameters withPositions(int... positions) {
        Set<Integer> all = new LinkedHashSet<>(indexes);
        for (int position : positions) {
            all.add(position);
        }
        return new SecretParameters(all, columns);
    }

    /**
     * @param regex a regular expression a column name must match entirely
     * @return a copy hiding parameters of matching columns (replacing any earlier column pattern)
     */
    public SecretParameters withColumnsMatching(String regex) {
        try {
            return new SecretParameters(indexes, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException("Secret column pattern '" + regex + "' is not a valid regular"
                    + " expression: " + e.getDescription() + " at index " + e.getIndex()
                    + ". Write a java.util.regex pattern such as (?i)password|token.", e);
        }
    }

    /**
     * @param placeholderColumns per placeholder (0-based) the column it belongs to, or null
     * @return the 1-based positions to hide in a statement whose placeholders belong to those columns
     */
    Set<Integer> hiddenIndexes(List<String> placeholderColumns) {
        if (columns == null) {
            return indexes;
        }
        Set<Integer> hidden = new TreeSet<>(indexes);
        for (int i = 0; i < placeholderColumns.size(); i++) {
            String column = placeholderColumns.get(i);
            if (column != null && columns.matcher(column).matches()) {
                hidden.add(i + 1);
            }
        }
        return hidden;
    }
}
