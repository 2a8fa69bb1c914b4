package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.DatasetDefinitionException;
import org.apiguardian.api.API;

/**
 * A row count: a number or an arithmetic expression of {@code scale} ({@code + - * /}, parentheses, unary
 * minus), parsed by recursive descent so an error points at the exact character.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ScaleExpression {

    private interface Node {
        double eval(double scale);
    }

    private final String text;
    private final Node root;

    private ScaleExpression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * @param text the expression
     * @param where what it belongs to, for messages
     * @return the parsed expression
     * @throws DatasetDefinitionException naming the character at fault
     */
    public static ScaleExpression parse(String text, String where) {
        return new Parser(text, offset -> where + ": row count '" + text + "' at character " + (offset + 1)).parse();
    }

    /**
     * @param text the expression
     * @param file the definition file
     * @param line 1-based line of the expression's first character
     * @param column 1-based column of the expression's first character
     * @return the parsed expression
     * @throws DatasetDefinitionException naming file:line:column of the character at fault
     */
    public static ScaleExpression parse(String text, String file, int line, int column) {
        return new Parser(text, offset -> file + ":" + line + ":" + (column + offset) + ": row count '" + text + "'")
                .parse();
    }

    /**
     * @param scale the dataset's scale
     * @return the row count, rounded to the nearest whole row
     */
    public long evaluate(long scale) {
        double value = root.eval(scale);
        if (Double.isNaN(value) || value < 0) {
            throw new DatasetDefinitionException("Row count '" + text + "' is " + value + " at scale " + scale
                    + "; it must be a number of rows >= 0.");
        }
        return Math.round(value);
    }

    private static final class Parser {
        private final String text;
        private final java.util.function.IntFunction<String> where;
        private int pos;

        Parser(String text, java.util.function.IntFunction<String> where) {
            this.text = text == null ? "" : text;
            this.where = where;
        }

        ScaleExpression parse() {
            Node node = sum();
            skipSpaces();
            if (pos < text.length()) {
                throw error("expected an operator (+ - * /) or the end, found '" + text.charAt(pos) + "'");
            }
            return new ScaleExpression(text, node);
        }

        private Node sum() {
            Node left = product();
            while (true) {
                skipSpaces();
                if (eat('+')) {
                    Node l = left;
                    Node r = product();
                    left = s -> l.eval(s) + r.eval(s);
                } else if (eat('-')) {
                    Node l = left;
                    Node r = product();
                    left = s -> l.eval(s) - r.eval(s);
                } else {
                    return left;
                }
            }
        }

        private Node product() {
            Node left = unary();
            while (true) {
                skipSpaces();
                if (eat('*')) {
                    Node l = left;
                    Node r = unary();
                    left = s -> l.eval(s) * r.eval(s);
                } else if (eat('/')) {
                    Node l = left;
                    int at = pos;
                    Node r = unary();
                    left = s -> {
                        double d = r.eval(s);
                        if (d == 0) {
                            throw new DatasetDefinitionException(where.apply(at) + ": division by zero.");
                        }
                        return l.eval(s) / d;
                    };
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skipSpaces();
            if (eat('-')) {
                Node inner = unary();
                return s -> -inner.eval(s);
            }
            return atom();
        }

        private Node atom() {
            skipSpaces();
            if (eat('(')) {
                Node inner = sum();
                skipSpaces();
                if (!eat(')')) {
                    throw error("expected ')'" + (pos < text.length() ? ", found '" + text.charAt(pos) + "'"
                            : ", found the end"));
                }
                return inner;
            }
            int start = pos;
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                        || text.charAt(pos) == '_')) {
                    pos++;
                }
                String number = text.substring(start, pos).replace("_", "");
                try {
                    double value = Double.parseDouble(number);
                    return s -> value;
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("expected a number, found '" + number + "'");
                }
            }
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (word.equals("scale")) {
                return s -> s;
            }
            pos = start;
            if (word.isEmpty()) {
                throw error("expected a number, 'scale' or '(', found "
                        + (pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end"));
            }
            throw error("expected a number, 'scale' or '(', found '" + word + "'");
        }

        private boolean eat(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private DatasetDefinitionException error(String expected) {
            return new DatasetDefinitionException(where.apply(pos) + ": " + expected
                    + ". A row count is a number or an expression of scale, e.g. 'scale * 0.1 + 5'.");
        }
    }
}
