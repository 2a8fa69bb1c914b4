package io.github.queuetestkit.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.base.SqlLexing;
import io.github.queuetestkit.plan.internal.JdbcSql;
import io.github.queuetestkit.postgres.internal.SqlScript;
import org.junit.jupiter.api.Test;

class SqlLexingTest {

    @Test
    void questionMarksOfAPlainStatementAreEscapedOnlyOutsideQuotesAndComments() {
        String sql = "SELECT id FROM jobs WHERE args ? 'car?' AND args ?| array['a'] /* ? */ AND $$?$$ = \"?\"";
        String escaped = SqlLexing.questionMarksEscaped(sql);
        assertThat(escaped).isEqualTo("SELECT id FROM jobs WHERE args ?? 'car?' AND args ??| array['a'] /* ? */"
                + " AND $$?$$ = \"?\"");
        assertThat(JdbcSql.parse(escaped).placeholders()).isZero();
        assertThat(JdbcSql.parse(escaped).nativeSql()).isEqualTo(sql);
    }

    @Test
    void aLineCommentEndsAfterItsLineBreakOrAtTheEnd() {
        assertThat(SqlLexing.lineCommentEnd("-- ? ;\nSELECT", 0)).isEqualTo(7);
        assertThat(SqlLexing.lineCommentEnd("-- last", 0)).isEqualTo(7);
    }

    @Test
    void blockCommentsNestAndAnUnclosedOneRunsToTheEnd() {
        String sql = "/* a /* b */ c */ SELECT";
        assertThat(SqlLexing.blockCommentEnd(sql, 0)).isEqualTo(sql.indexOf(" SELECT"));
        assertThat(SqlLexing.blockCommentEnd("/* open", 0)).isEqualTo(7);
    }

    @Test
    void aDoubledQuoteStaysInsideAndABackslashEscapesOnlyWhenAsked() {
        String doubled = "'it''s' x";
        assertThat(SqlLexing.quotedEnd(doubled, 0, '\'', false)).isEqualTo(7);
        String escaped = "'it\\'s' x";
        assertThat(SqlLexing.quotedEnd(escaped, 0, '\'', true)).isEqualTo(7);
        assertThat(SqlLexing.quotedEnd(escaped, 0, '\'', false)).isEqualTo(5);
        assertThat(SqlLexing.quotedEnd("\"a\"\"b\" x", 0, '"', false)).isEqualTo(6);
    }

    @Test
    void dollarQuotesNeedAnIdentifierTagSoPositionalParametersAreNotQuotes() {
        String tagged = "$fn$ SELECT ';' $fn$;";
        assertThat(SqlLexing.dollarQuoteEnd(tagged, 0)).isEqualTo(tagged.length() - 1);
        assertThat(SqlLexing.dollarQuoteEnd("$$ x $$", 0)).isEqualTo(7);
        assertThat(SqlLexing.dollarQuoteEnd("$1 AND $2", 0)).isEqualTo(-1);
        assertThat(SqlLexing.dollarQuoteEnd("$a1$ x $a1$", 0)).isEqualTo(11);
        assertThat(SqlLexing.dollarQuoteEnd("$1$ x", 0)).isEqualTo(-1);
    }

    @Test
    void blanksEndAfterWhitespaceAndCommentsOfBothKinds() {
        String sql = "  -- note\n /* a /* nested */ one */\t( SELECT";
        assertThat(SqlLexing.blanksEnd(sql, 0)).isEqualTo(sql.indexOf('('));
        assertThat(SqlLexing.blanksEnd(sql, sql.indexOf('(') + 1)).isEqualTo(sql.indexOf("SELECT"));
        assertThat(SqlLexing.blanksEnd(" -- only a comment", 0)).isEqualTo(18);
        assertThat(SqlLexing.blanksEnd("SELECT", 0)).isZero();
    }

    @Test
    void scriptsStatementsAndTokensAgreeOnWhatQuotesAndCommentsHide() {
        String sql = "SELECT '?;' /* ?; /* ? */ */, $q$ ?; $q$, \"?;\" -- ?;\n FROM t WHERE a = ?";
        assertThat(SqlScript.parse("s.sql", sql).statements()).hasSize(1);
        assertThat(JdbcSql.parse(sql).placeholders()).isEqualTo(1);
        assertThat(SqlTokenizer.tokenize(sql)).filteredOn(t -> t.type() == SqlToken.Type.PARAM).hasSize(1);
    }
}
