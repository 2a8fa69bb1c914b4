package io.github.queuetestkit.sql.internal;

/**
 * One token of a SQL statement.
 *
 * @param type what kind of token
 * @param text for {@link Type#WORD} the word lower-cased (PostgreSQL folds unquoted names); for
 *        {@link Type#QUOTED} the identifier without quotes, case kept; otherwise the text as written
 */
record SqlToken(Type type, String text) {

    /** Token kinds. */
    public enum Type {
        /** A keyword or unquoted identifier. */
        WORD,
        /** A double-quoted identifier. */
        QUOTED,
        /** A string literal: '...', E'...', $$...$$, B'...', X'...'. */
        STRING,
        /** A numeric literal. */
        NUMBER,
        /** A bind placeholder: {@code ?} or {@code $1}. */
        PARAM,
        /** Punctuation or an operator. */
        PUNCT
    }

    /** @return true for a word or quoted identifier */
    public boolean isName() {
        return type == Type.WORD || type == Type.QUOTED;
    }

    /**
     * @param word a lower-case keyword
     * @return true when this token is that unquoted word
     */
    public boolean is(String word) {
        return type == Type.WORD && text.equals(word);
    }

    /**
     * @param punct punctuation
     * @return true when this token is that punctuation
     */
    public boolean isPunct(String punct) {
        return type == Type.PUNCT && text.equals(punct);
    }

    /** @return true for a literal or placeholder, which normalization folds to {@code ?} */
    public boolean isValue() {
        return type == Type.STRING || type == Type.NUMBER || type == Type.PARAM;
    }
}
