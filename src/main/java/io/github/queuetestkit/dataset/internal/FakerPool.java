package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.DatasetDefinitionException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Deterministic pools of DataFaker values: realism at the cost of a few thousand evaluations, not millions. */
final class FakerPool {

    private FakerPool() {
    }

    /**
     * @param expression the DataFaker expression
     * @param size how many distinct values wanted
     * @param seed the pool's seed
     * @return up to {@code size} distinct values (fewer if the expression has fewer)
     */
    static String[] pool(String expression, int size, long seed) {
        net.datafaker.Faker faker = new net.datafaker.Faker(Locale.ROOT, new Random(seed));
        Set<String> values = new LinkedHashSet<>();
        int attempts = 0;
        while (values.size() < size && attempts < size * 3) {
            values.add(faker.expression(expression));
            attempts++;
        }
        return values.toArray(new String[0]);
    }

    /**
     * @param expression the expression to check
     * @param where "file:line:column: " or ""
     * @throws DatasetDefinitionException if DataFaker cannot resolve it
     */
    public static void check(String expression, String where) {
        try {
            String value = new net.datafaker.Faker(Locale.ROOT, new Random(0)).expression(expression);
            if (value == null || value.equals(expression) && expression.contains("#{")) {
                throw new IllegalArgumentException("it evaluated to itself");
            }
        } catch (RuntimeException e) {
            throw new DatasetDefinitionException(where + "DataFaker expression '" + expression
                    + "' does not resolve (" + e.getMessage() + "). Expected a provider and method such as"
                    + " #{Internet.emailAddress} or #{Name.firstName}.", e);
        }
    }
}
