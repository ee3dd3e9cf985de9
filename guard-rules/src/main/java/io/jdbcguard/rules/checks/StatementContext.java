package io.jdbcguard.rules.checks;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Rule;
import io.jdbcguard.rules.lexing.Token;
import io.jdbcguard.rules.semantics.ConstantFolder;
import io.jdbcguard.rules.semantics.TargetScope;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * What a rule checks: one statement of the analysed text, its tokens and, when JSQLParser could parse it, its
 * syntax tree.
 *
 * @param dialect the dialect of the text
 * @param text the statement as written in the analysed text; findings quote it
 * @param tokens the statement's tokens after JDBC escapes and parser workarounds were applied
 * @param parsed the syntax tree, or null when the statement could not be parsed
 * @param parseProblem the parser's shortened complaint when {@code parsed} is null, otherwise null
 */
public record StatementContext(Dialect dialect, String text, List<Token> tokens, Statement parsed,
        String parseProblem) {

    /** The upper-cased first word, or the empty string when the statement starts with something else. */
    String firstWord() {
        return wordAt(0);
    }

    /** The upper-cased word at {@code index}, or the empty string when there is no unquoted word at that index. */
    String wordAt(int index) {
        if (index < 0 || index >= tokens.size()) {
            return "";
        }
        Token token = tokens.get(index);
        return token.kind() == Token.Kind.WORD ? token.value() : "";
    }

    /**
     * Whether the words {@code upperCaseWords} follow each other somewhere at parenthesis depth 0.
     *
     * @param upperCaseWords one or more unquoted words in upper case, e.g. {@code "DROP", "PARTITION"}
     * @return true when the sequence occurs
     */
    boolean hasTopLevelSequence(String... upperCaseWords) {
        for (int i = 0; i + upperCaseWords.length <= tokens.size(); i++) {
            boolean match = true;
            for (int j = 0; j < upperCaseWords.length && match; j++) {
                Token token = tokens.get(i + j);
                match = token.depth() == 0 && token.isWord(upperCaseWords[j]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this statement was not parsed, starts with {@code upperCaseFirstWord} and has no WHERE outside
     * parentheses: the token-level view of an unscoped {@code DELETE} or {@code UPDATE}.
     *
     * @param upperCaseFirstWord {@code DELETE} or {@code UPDATE}
     * @return true when such a statement has no WHERE
     */
    boolean isUnparsedWithoutWhere(String upperCaseFirstWord) {
        return parsed == null && firstWord().equals(upperCaseFirstWord) && !hasTopLevelSequence("WHERE");
    }

    /** A constant folder for this statement's dialect. */
    ConstantFolder folder() {
        return new ConstantFolder(dialect);
    }

    /** The scope analysis of DELETE, UPDATE and MERGE targets for this statement's dialect. */
    TargetScope scope() {
        return new TargetScope(folder(), dialect);
    }

    /**
     * Creates a finding about this statement.
     *
     * @param rule the rule that objects
     * @param statementKind what the statement does, e.g. {@code DROP TABLE}
     * @param objects the objects it acts on
     * @param reason why the rule objects
     * @return the finding
     */
    Finding finding(Rule rule, String statementKind, List<String> objects, String reason) {
        return new Finding(rule.id(), statementKind, objects, reason, text);
    }
}
