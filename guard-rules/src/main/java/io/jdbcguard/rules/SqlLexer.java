package io.jdbcguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements and tokens exactly as the server's own lexer would, so that a {@code ;}, a key word
 * or a comment marker inside a string, quoted identifier or comment never counts, and one outside always does.
 *
 * <p>PostgreSQL (<a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">SQL Syntax, Lexical
 * Structure</a>): {@code '...'} strings are standard-conforming (a backslash is an ordinary character, {@code ''} is a
 * quote); {@code E'...'} strings take backslash escapes; {@code $tag$...$tag$} is a dollar-quoted string; {@code --}
 * starts a line comment; block comments nest; {@code "..."} is an identifier; {@code $1} is a parameter.
 *
 * <p>MySQL and MariaDB (<a href="https://dev.mysql.com/doc/refman/8.4/en/comments.html">Comments</a>,
 * <a href="https://dev.mysql.com/doc/refman/8.4/en/string-literals.html">String Literals</a>,
 * <a href="https://mariadb.com/kb/en/comment-syntax/">MariaDB Comment Syntax</a>): {@code '...'} and {@code "..."}
 * are strings in which a backslash escapes the next character unless {@code NO_BACKSLASH_ESCAPES} is set; {@code #}
 * starts a line comment, and so does {@code --} but only when followed by whitespace, a control character or the end;
 * {@code `...`} is an identifier; the content of the executable comments {@code /*! ... *}{@code /},
 * {@code /*!NNNNN ... *}{@code /} and {@code /*M! ... *}{@code /} is code (the server runs it); an optimizer hint
 * {@code /*+ ... *}{@code /} and any other block comment is not.
 *
 * <p>Instances are immutable and thread-safe. Lexing never fails: an unterminated string or comment runs to the end
 * of the text, which the parser then rejects.
 */
final class SqlLexer {
    private final Dialect dialect;
    private final boolean backslashEscapes;

    /**
     * @param dialect whose lexical rules to apply
     * @param backslashEscapes for MySQL: whether a backslash escapes in strings (false under
     *     {@code NO_BACKSLASH_ESCAPES}); ignored for PostgreSQL, where only {@code E'...'} strings take escapes
     */
    SqlLexer(Dialect dialect, boolean backslashEscapes) {
        this.dialect = dialect;
        this.backslashEscapes = backslashEscapes;
    }

    /**
     * Lexes {@code sql} and cuts it into statements at every {@code ;} token.
     *
     * @param sql any text, possibly empty
     * @return the non-empty statements in order; empty when the text holds only whitespace, comments and {@code ;}
     */
    List<LexedStatement> statements(String sql) {
        return new Scan(sql).run();
    }

    /** The state of lexing one text; used by one thread for one call. */
    private final class Scan {
        private final String sql;
        private final List<LexedStatement> statements = new ArrayList<>();
        private List<Token> tokens = new ArrayList<>();
        private int pos;
        private int depth;
        private int statementStart = -1;
        private int statementEnd;
        private boolean spaceBefore;
        private boolean inExecutableComment;

        Scan(String sql) {
            this.sql = sql;
        }

        List<LexedStatement> run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                    pos++;
                    spaceBefore = true;
                } else if (startsLineComment()) {
                    skipLineComment();
                } else if (sql.startsWith("/*", pos)) {
                    blockComment();
                } else if (inExecutableComment && sql.startsWith("*/", pos)) {
                    inExecutableComment = false;
                    pos += 2;
                    spaceBefore = true;
                } else {
                    token(c);
                }
            }
            endStatement();
            return statements;
        }

        private boolean startsLineComment() {
            char c = sql.charAt(pos);
            if (dialect == Dialect.MYSQL && c == '#') {
                return true;
            }
            if (c != '-' || !sql.startsWith("--", pos)) {
                return false;
            }
            if (dialect == Dialect.POSTGRESQL) {
                return true;
            }
            int after = pos + 2;
            return after >= sql.length() || Character.isWhitespace(sql.charAt(after))
                    || Character.isISOControl(sql.charAt(after));
        }

        private void skipLineComment() {
            int end = sql.indexOf('\n', pos);
            pos = end < 0 ? sql.length() : end + 1;
            spaceBefore = true;
        }

        private void blockComment() {
            spaceBefore = true;
            if (dialect == Dialect.MYSQL && !inExecutableComment && executableCommentStart()) {
                return;
            }
            if (dialect == Dialect.MYSQL) {
                int end = sql.indexOf("*/", pos + 2);
                pos = end < 0 ? sql.length() : end + 2;
                return;
            }
            int nesting = 0;
            while (pos < sql.length()) {
                if (sql.startsWith("/*", pos)) {
                    nesting++;
                    pos += 2;
                } else if (sql.startsWith("*/", pos)) {
                    nesting--;
                    pos += 2;
                    if (nesting == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
        }

        /** At {@code /*}: enters {@code /*!}, {@code /*!NNNNN} or {@code /*M!} content as code, if it is one. */
        private boolean executableCommentStart() {
            int p = pos + 2;
            if (sql.startsWith("M!", p)) {
                p += 2;
            } else if (sql.startsWith("!", p)) {
                p += 1;
            } else {
                return false;
            }
            while (p < sql.length() && Character.isDigit(sql.charAt(p))) {
                p++;
            }
            pos = p;
            inExecutableComment = true;
            return true;
        }

        private void token(char c) {
            int start = pos;
            Token token;
            if (c == '\'') {
                token = quotedString(start, pos, '\'', dialect == Dialect.MYSQL && backslashEscapes);
            } else if (c == '"' && dialect == Dialect.MYSQL) {
                token = quotedString(start, pos, '"', backslashEscapes);
            } else if (c == '"' || (c == '`' && dialect == Dialect.MYSQL)) {
                token = quotedIdentifier(start, c);
            } else if (dialect == Dialect.POSTGRESQL && (c == 'E' || c == 'e') && next(1) == '\'') {
                token = quotedString(start, pos + 1, '\'', true);
            } else if (dialect == Dialect.POSTGRESQL && c == '$') {
                token = dollar(start);
            } else if (isWordStart(c)) {
                token = word(start);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next(1)))) {
                token = number(start);
            } else {
                pos++;
                token = new Token(Token.Kind.SYMBOL, String.valueOf(c), String.valueOf(c), depth, spaceBefore);
            }
            spaceBefore = false;
            if (token.isSymbol(';')) {
                endStatement();
                return;
            }
            if (token.isSymbol('(')) {
                depth++;
            } else if (token.isSymbol(')') && depth > 0) {
                depth--;
                token = new Token(Token.Kind.SYMBOL, ")", ")", depth, token.spaceBefore());
            }
            if (statementStart < 0) {
                statementStart = start;
            }
            statementEnd = pos;
            tokens.add(token);
        }

        private char next(int offset) {
            int p = pos + offset;
            return p < sql.length() ? sql.charAt(p) : '\0';
        }

        /** A string starting at {@code start} whose opening quote is at {@code quoteAt}. */
        private Token quotedString(int start, int quoteAt, char quote, boolean escapes) {
            StringBuilder value = new StringBuilder();
            int p = quoteAt + 1;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                if (escapes && c == '\\' && p + 1 < sql.length()) {
                    value.append(unescape(sql.charAt(p + 1)));
                    p += 2;
                } else if (c == quote && p + 1 < sql.length() && sql.charAt(p + 1) == quote) {
                    value.append(quote);
                    p += 2;
                } else if (c == quote) {
                    p++;
                    break;
                } else {
                    value.append(c);
                    p++;
                }
            }
            pos = p;
            return new Token(Token.Kind.STRING, sql.substring(start, p), value.toString(), depth, spaceBefore);
        }

        private char unescape(char c) {
            switch (c) {
                case 'n':
                    return '\n';
                case 't':
                    return '\t';
                case 'r':
                    return '\r';
                case '0':
                    return '\0';
                case 'b':
                    return '\b';
                case 'Z':
                    return dialect == Dialect.MYSQL ? '\u001a' : 'Z';
                default:
                    return c;
            }
        }

        private Token quotedIdentifier(int start, char quote) {
            StringBuilder name = new StringBuilder();
            int p = start + 1;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                if (c == quote && p + 1 < sql.length() && sql.charAt(p + 1) == quote) {
                    name.append(quote);
                    p += 2;
                } else if (c == quote) {
                    p++;
                    break;
                } else {
                    name.append(c);
                    p++;
                }
            }
            pos = p;
            return new Token(Token.Kind.QUOTED_IDENTIFIER, sql.substring(start, p), name.toString(), depth,
                    spaceBefore);
        }

        /** At {@code $} in PostgreSQL: a parameter {@code $1}, a dollar-quoted string, or a lone symbol. */
        private Token dollar(int start) {
            int p = start + 1;
            if (p < sql.length() && Character.isDigit(sql.charAt(p))) {
                while (p < sql.length() && Character.isDigit(sql.charAt(p))) {
                    p++;
                }
                pos = p;
                return new Token(Token.Kind.PARAMETER, sql.substring(start, p), sql.substring(start, p), depth,
                        spaceBefore);
            }
            while (p < sql.length() && (isWordStart(sql.charAt(p)) || Character.isDigit(sql.charAt(p)))
                    && sql.charAt(p) != '$') {
                p++;
            }
            if (p >= sql.length() || sql.charAt(p) != '$') {
                pos = start + 1;
                return new Token(Token.Kind.SYMBOL, "$", "$", depth, spaceBefore);
            }
            String tag = sql.substring(start, p + 1);
            int end = sql.indexOf(tag, p + 1);
            int contentEnd = end < 0 ? sql.length() : end;
            pos = end < 0 ? sql.length() : end + tag.length();
            return new Token(Token.Kind.STRING, sql.substring(start, pos), sql.substring(p + 1, contentEnd), depth,
                    spaceBefore);
        }

        private boolean isWordStart(char c) {
            return Character.isLetter(c) || c == '_' || c > 0x7f;
        }

        private Token word(int start) {
            int p = start;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f)) {
                    break;
                }
                p++;
            }
            pos = p;
            return Token.word(sql.substring(start, p), depth, spaceBefore);
        }

        private Token number(int start) {
            int p = start;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                boolean exponentSign = (c == '+' || c == '-') && p > start
                        && (sql.charAt(p - 1) == 'e' || sql.charAt(p - 1) == 'E')
                        && !sql.substring(start, p).toLowerCase(Locale.ROOT).startsWith("0x");
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign)) {
                    break;
                }
                p++;
            }
            pos = p;
            String text = sql.substring(start, p);
            return new Token(Token.Kind.NUMBER, text, text, depth, spaceBefore);
        }

        private void endStatement() {
            if (!tokens.isEmpty()) {
                statements.add(new LexedStatement(sql.substring(statementStart, statementEnd), tokens));
            }
            tokens = new ArrayList<>();
            statementStart = -1;
            depth = 0;
        }
    }
}
