package io.jdbcguard.rules.lexing;

import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.SessionSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits SQL text into statements and tokens exactly as the server's own lexer would, with the session's settings
 * ({@link SessionSettings}), so that a {@code ;}, a key word or a comment marker inside a string, quoted identifier
 * or comment never counts, and one outside always does.
 *
 * <p>PostgreSQL, following {@code src/backend/parser/scan.l} (<a
 * href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">Lexical Structure</a>):
 * <ul>
 *   <li>whitespace is {@code [ \t\n\r\f\v]}; every other character, also U+0085 and U+2003, is part of a token
 *       (characters above U+007F are identifier characters);
 *   <li>{@code --} starts a comment that ends at {@code \n} or {@code \r}; block comments nest;
 *   <li>{@code '...'} is a standard string ({@code xq}: {@code ''} is a quote, a backslash is a character) when
 *       {@code standard_conforming_strings} is on and an escape string ({@code xe}) when it is off;
 *       {@code E'...'} is always an escape string (backslash escapes, octal, hex and Unicode escapes);
 *       {@code B'...'} and {@code X'...'} end at the next quote; {@code U&'...'} and {@code U&"..."} take Unicode
 *       escapes with the escape character of an optional {@code UESCAPE 'c'}; {@code $tag$...$tag$} is a
 *       dollar-quoted string; {@code "..."} is an identifier;
 *   <li>a string followed by whitespace that holds a newline (and no block comment) and another {@code '...'} is
 *       continued by it, in the first part's mode ({@code quotecontinue}/{@code xqs}): {@code E'a'\n'\''} is one
 *       escape string.
 * </ul>
 *
 * <p>MySQL and MariaDB, following MariaDB {@code sql/sql_lex.cc} ({@code Lex_input_stream::lex_one_token},
 * {@code consume_comment}, {@code get_text}) and MySQL's {@code sql/sql_lex.cc} (<a
 * href="https://dev.mysql.com/doc/refman/8.4/en/comments.html">Comments</a>, <a
 * href="https://dev.mysql.com/doc/refman/8.4/en/string-literals.html">String Literals</a>, <a
 * href="https://mariadb.com/kb/en/comment-syntax/">MariaDB Comment Syntax</a>):
 * <ul>
 *   <li>whitespace is what {@code my_isspace} accepts in ASCII ({@code [ \t\n\v\f\r]}); characters above U+007F
 *       are identifier characters;
 *   <li>{@code #} starts a comment to {@code \n}; so does {@code --} when the next character is ASCII whitespace or
 *       an ASCII control character ({@code my_isspace}/{@code my_iscntrl}: below U+0020 or U+007F) or the end;
 *   <li>{@code '...'} and {@code "..."} are strings in which a backslash escapes the next character unless
 *       {@code NO_BACKSLASH_ESCAPES}; under {@code ANSI_QUOTES} {@code "..."} is an identifier; {@code `...`} is an
 *       identifier; adjacent string literals are one string (the grammar's {@code text_literal});
 *   <li>{@code /*! ... *}{@code /} is code; {@code /*!NNNNN ... *}{@code /} (five digits; MariaDB also six, MySQL
 *       six only when followed by whitespace) is code when the server's version is at least NNNNN, and MariaDB
 *       additionally never runs a version from 50700 to 99999 (MySQL 5.7 and 8.0 syntax) unless written
 *       {@code /*M!NNNNNN ... *}{@code /}, which only MariaDB reads; a comment that is not code is skipped to the
 *       first {@code *}{@code /} whatever quotes it contains, a versioned one allowing one nested
 *       {@code /* ... *}{@code /} inside; other block comments and hints {@code /*+ ... *}{@code /} are skipped.
 * </ul>
 *
 * <p>Statements end at a {@code ;} token: in PostgreSQL only outside parentheses (the grammar's {@code stmtmulti};
 * {@code CREATE RULE ... DO (a; b)} is one statement), in MySQL and MariaDB only outside the body of a stored
 * program, trigger, event or compound statement, which the server parses as one statement
 * ({@link CompoundStatements}).
 *
 * <p>Instances are immutable and thread-safe. Lexing never fails and takes time linear in the text's length: an
 * unterminated string or comment runs to the end of the text, which the parser then rejects.
 */
public final class SqlLexer {
    /** Whitespace of both dialects: scan.l's {@code space} and MariaDB's ASCII {@code my_isspace}. */
    private static final String SPACE = " \t\n\r\f\u000B";
    /** The initial capacity of a statement's token list: most statements an application sends have fewer. */
    private static final int TOKENS = 32;
    /** {@link #SPACE} as a table over ASCII, for the per-character loop. */
    private static final boolean[] IS_SPACE = new boolean[128];
    /** The text of each ASCII symbol token, shared. */
    private static final String[] SYMBOLS = new String[128];

    static {
        for (char c = 0; c < SYMBOLS.length; c++) {
            SYMBOLS[c] = String.valueOf(c).intern();
            IS_SPACE[c] = SPACE.indexOf(c) >= 0;
        }
    }

    private final Dialect dialect;
    private final boolean backslashEscapes;
    private final boolean ansiQuotes;
    private final boolean mariadb;
    private final int version;

    /**
     * A lexer reading as a server with these settings. For MySQL/MariaDB it reads executable comments as a server
     * of {@code settings.serverVersion()} (of the type {@code settings.mariadb()}); see {@link #reading}.
     *
     * @param settings the session's settings
     */
    public SqlLexer(SessionSettings settings) {
        this(settings.dialect(), settings.backslashEscapes(), settings.ansiQuotes(), settings.mariadb(),
                settings.serverVersion());
    }

    private SqlLexer(Dialect dialect, boolean backslashEscapes, boolean ansiQuotes, boolean mariadb, int version) {
        this.dialect = dialect;
        this.backslashEscapes = backslashEscapes;
        this.ansiQuotes = ansiQuotes;
        this.mariadb = mariadb;
        this.version = version;
    }

    /**
     * This lexer reading executable comments as a particular server would.
     *
     * @param asMariadb whether the server is MariaDB
     * @param asVersion the server's version number, as {@link SessionSettings#serverVersion()}
     * @return a lexer with the same string settings
     */
    public SqlLexer reading(boolean asMariadb, int asVersion) {
        return new SqlLexer(dialect, backslashEscapes, ansiQuotes, asMariadb, asVersion);
    }

    /**
     * The outcome of lexing a text.
     *
     * @param statements the non-empty statements in order
     * @param settingsDependence null when the text reads the same under every value of the session settings that
     *     {@link SessionSettings} holds (string escapes, quotes); otherwise what in it depends on them, for a message
     */
    public record Lexed(List<LexedStatement> statements, String settingsDependence) {
        /** Keeps an unmodifiable view of the list, which its {@code Scan} hands over and never changes again. */
        public Lexed {
            statements = Collections.unmodifiableList(statements);
        }
    }

    /**
     * Lexes {@code sql} and cuts it into statements at every {@code ;} token that ends a statement: in PostgreSQL
     * one outside parentheses, in MySQL one outside the body of a stored program or compound statement
     * ({@link CompoundStatements}).
     *
     * @param sql any text, possibly empty
     * @return the non-empty statements in order; empty when the text holds only whitespace, comments and {@code ;}
     */
    public List<LexedStatement> statements(String sql) {
        return lex(sql).statements();
    }

    /**
     * Lexes {@code sql}, cuts it into statements and notes whether its reading depends on the session settings.
     *
     * @param sql any text, possibly empty
     * @return the statements and the settings dependence
     */
    public Lexed lex(String sql) {
        return new Scan(sql).run();
    }

    /** The state of lexing one text; used by one thread for one call. */
    private final class Scan {
        private final String sql;
        private final List<LexedStatement> statements = new ArrayList<>();
        private List<Token> tokens = new ArrayList<>(TOKENS);
        private int pos;
        private int depth;
        private int statementStart = -1;
        private int statementEnd;
        private int lastTokenStart;
        private boolean spaceBefore;
        private boolean inExecutableComment;
        private String dependence;
        /** The value of adjacent MySQL string literals being joined into the last token; null when none. */
        private StringBuilder pendingString;
        /**
         * MySQL: the compound-statement reading of the current statement, made at its first token when that may
         * start a stored program or compound statement ({@link CompoundStatements#mayBeCompound}); null for every
         * other statement, whose every {@code ;} ends it, and for PostgreSQL.
         */
        private CompoundStatements.Reader compound;

        Scan(String sql) {
            this.sql = sql;
        }

        Lexed run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (isSpace(c)) {
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
            endPendingString();
            addStatement();
            return new Lexed(statements, dependence);
        }

        private void dependsOnSettings(String what) {
            if (dependence == null) {
                dependence = what;
            }
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
            if (after >= sql.length()) {
                return true;
            }
            char next = sql.charAt(after);
            return next <= ' ' || next == '\u007F';
        }

        private void skipLineComment() {
            pos = lineCommentEnd(pos);
            spaceBefore = true;
        }

        /** The index of the character ending the line comment at {@code from}: its newline, or the text's end. */
        private int lineCommentEnd(int from) {
            int p = from;
            while (p < sql.length() && sql.charAt(p) != '\n'
                    && !(dialect == Dialect.POSTGRESQL && sql.charAt(p) == '\r')) {
                p++;
            }
            return p;
        }

        private void blockComment() {
            spaceBefore = true;
            if (dialect == Dialect.POSTGRESQL) {
                skipNestedComment();
            } else if (!executableCommentStart()) {
                skipMysqlComment(pos + 2, 0);
            }
        }

        private void skipNestedComment() {
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

        /**
         * MariaDB's {@code consume_comment}: skips to the first {@code *}{@code /} after {@code from}, entering
         * {@code recursions} levels of nested {@code /*}.
         */
        private void skipMysqlComment(int from, int recursions) {
            int p = from;
            while (p < sql.length()) {
                if (recursions > 0 && sql.startsWith("/*", p)) {
                    pos = p;
                    skipMysqlComment(p + 2, recursions - 1);
                    p = pos;
                } else if (sql.startsWith("*/", p)) {
                    pos = p + 2;
                    return;
                } else {
                    p++;
                }
            }
            pos = sql.length();
        }

        /**
         * At {@code /*}: enters the content of an executable comment as code and returns true, or skips a versioned
         * comment this server does not run and returns true, or returns false for a plain comment.
         */
        private boolean executableCommentStart() {
            int p = pos + 2;
            boolean mariadbSyntax = sql.startsWith("M!", p);
            if (mariadbSyntax && !mariadb) {
                return false;
            }
            if (!mariadbSyntax && !sql.startsWith("!", p)) {
                return false;
            }
            p += mariadbSyntax ? 2 : 1;
            int digits = 0;
            while (digits < 5 && p + digits < sql.length() && isAsciiDigit(sql.charAt(p + digits))) {
                digits++;
            }
            if (digits < 5) {
                pos = p;
                inExecutableComment = true;
                return true;
            }
            boolean sixth = p + 5 < sql.length() && isAsciiDigit(sql.charAt(p + 5));
            boolean sixDigits = sixth && (mariadb || p + 6 >= sql.length() || isSpace(sql.charAt(p + 6)));
            int length = sixDigits ? 6 : 5;
            int commentVersion = Integer.parseInt(sql.substring(p, p + length));
            boolean runs = commentVersion <= version && (!mariadb || mariadbSyntax || commentVersion < 50700
                    || commentVersion > 99999);
            if (runs) {
                pos = p + length;
                inExecutableComment = true;
            } else {
                skipMysqlComment(p, 1);
            }
            return true;
        }

        private void token(char c) {
            int start = pos;
            Token token;
            char symbol = 0;
            if (c == '\'') {
                token = dialect == Dialect.MYSQL ? mysqlString(start, '\'') : postgresqlString(start, start,
                        backslashEscapes ? StringMode.ESCAPE : StringMode.STANDARD, true);
            } else if (c == '"' && dialect == Dialect.MYSQL) {
                dependsOnSettings("a double quote, which is a string or an identifier depending on ANSI_QUOTES");
                token = ansiQuotes ? quotedIdentifier(start, start, '"') : mysqlString(start, '"');
            } else if (c == '"' || (c == '`' && dialect == Dialect.MYSQL)) {
                token = quotedIdentifier(start, start, c);
            } else if (dialect == Dialect.POSTGRESQL && isPostgresqlStringPrefix(c)) {
                token = prefixedPostgresqlString(start, c);
            } else if (dialect == Dialect.POSTGRESQL && c == '$') {
                token = dollar(start);
            } else if (isWordStart(c)) {
                token = word(start);
            } else if (isAsciiDigit(c) || (c == '.' && isAsciiDigit(next(1)))) {
                token = number(start);
            } else {
                pos++;
                symbol = c;
                if (c == ')' && depth > 0) {
                    depth--;
                }
                String text = c < SYMBOLS.length ? SYMBOLS[c] : String.valueOf(c);
                token = new Token(Token.Kind.SYMBOL, text, text, depth, spaceBefore);
                if (c == '(') {
                    depth++;
                }
            }
            spaceBefore = false;
            if (symbol == ';' && endsStatement(token)) {
                endStatement();
                return;
            }
            if (dialect == Dialect.MYSQL && symbol != ';') {
                if (tokens.isEmpty()) {
                    compound = CompoundStatements.mayBeCompound(token) ? new CompoundStatements.Reader() : null;
                }
                if (compound != null) {
                    compound.accept(token);
                }
            }
            if (statementStart < 0) {
                statementStart = start;
            }
            boolean adjacentString = dialect == Dialect.MYSQL && token.kind() == Token.Kind.STRING
                    && !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Token.Kind.STRING;
            if (adjacentString) {
                if (pendingString == null) {
                    pendingString = new StringBuilder(tokens.get(tokens.size() - 1).value());
                }
                pendingString.append(token.value());
                statementEnd = pos;
                return;
            }
            endPendingString();
            statementEnd = pos;
            lastTokenStart = start;
            tokens.add(token);
        }

        /** Replaces the last token by the concatenation of the adjacent MySQL string literals it starts, if any. */
        private void endPendingString() {
            if (pendingString != null) {
                Token first = tokens.get(tokens.size() - 1);
                tokens.set(tokens.size() - 1, new Token(Token.Kind.STRING,
                        sql.substring(lastTokenStart, statementEnd), pendingString.toString(), first.depth(),
                        first.spaceBefore()));
                pendingString = null;
            }
        }

        private char next(int offset) {
            int p = pos + offset;
            return p < sql.length() ? sql.charAt(p) : '\0';
        }

        private boolean isPostgresqlStringPrefix(char c) {
            if ("eEbBxXuU".indexOf(c) < 0) {
                return false;
            }
            char lower = Character.toLowerCase(c);
            if ((lower == 'e' || lower == 'b' || lower == 'x') && next(1) == '\'') {
                return true;
            }
            return lower == 'u' && next(1) == '&' && (next(2) == '\'' || next(2) == '"');
        }

        private Token prefixedPostgresqlString(int start, char prefix) {
            char lower = Character.toLowerCase(prefix);
            if (lower == 'e') {
                return postgresqlString(start, start + 1, StringMode.ESCAPE, false);
            }
            if (lower == 'b' || lower == 'x') {
                return postgresqlString(start, start + 1, StringMode.BITS, false);
            }
            if (next(2) == '"') {
                Token quoted = quotedIdentifier(start, start + 2, '"');
                char escape = uescape();
                return new Token(Token.Kind.QUOTED_IDENTIFIER, sql.substring(start, pos),
                        UnicodeEscapes.decode(quoted.value(), escape), depth, spaceBefore);
            }
            dependsOnSettings("a U&'...' string, which PostgreSQL rejects when standard_conforming_strings is off");
            Token string = postgresqlString(start, start + 2, StringMode.STANDARD, false);
            char escape = uescape();
            return new Token(Token.Kind.STRING, sql.substring(start, pos),
                    UnicodeEscapes.decode(string.value(), escape), depth, spaceBefore);
        }

        /**
         * After a {@code U&} string or identifier: consumes {@code UESCAPE 'c'} if it follows (PostgreSQL's
         * {@code parser.c} {@code base_yylex} looks one token ahead for it) and returns the escape character.
         */
        private char uescape() {
            int p = skipSpaceAndComments(pos);
            if (p + 7 <= sql.length() && sql.regionMatches(true, p, "UESCAPE", 0, 7)
                    && (p + 7 == sql.length() || !isWordPart(sql.charAt(p + 7)))) {
                int quote = skipSpaceAndComments(p + 7);
                if (quote + 2 < sql.length() && sql.charAt(quote) == '\'' && sql.charAt(quote + 2) == '\'') {
                    pos = quote + 3;
                    return sql.charAt(quote + 1);
                }
            }
            return '\\';
        }

        private int skipSpaceAndComments(int from) {
            int p = from;
            while (p < sql.length()) {
                if (isSpace(sql.charAt(p))) {
                    p++;
                } else if (sql.startsWith("--", p)) {
                    p = lineCommentEnd(p);
                } else if (sql.startsWith("/*", p)) {
                    int saved = pos;
                    pos = p;
                    skipNestedComment();
                    p = pos;
                    pos = saved;
                } else {
                    return p;
                }
            }
            return p;
        }

        /**
         * A PostgreSQL quoted string starting at {@code start} whose opening quote is at {@code quoteAt}; {@code plain}
         * when it is a {@code '...'} string without prefix, whose mode depends on standard_conforming_strings.
         */
        private Token postgresqlString(int start, int quoteAt, StringMode mode, boolean plain) {
            StringBuilder value = new StringBuilder();
            int p = quoteAt + 1;
            while (true) {
                p = postgresqlStringPart(p, mode, plain, value);
                int continued = continuation(p);
                if (continued < 0) {
                    break;
                }
                p = continued + 1;
            }
            pos = p;
            return new Token(Token.Kind.STRING, sql.substring(start, p), value.toString(), depth, spaceBefore);
        }

        /** Reads one quoted part from just after its opening quote; returns the index after the closing quote. */
        private int postgresqlStringPart(int from, StringMode mode, boolean plain, StringBuilder value) {
            int p = from;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                if (c == '\\' && plain) {
                    dependsOnSettings("a backslash in a string, which is an escape character when "
                            + "standard_conforming_strings is off");
                }
                if (c == '\\' && mode == StringMode.ESCAPE && p + 1 < sql.length()) {
                    p = postgresqlEscape(p, value);
                } else if (c == '\'' && p + 1 < sql.length() && sql.charAt(p + 1) == '\''
                        && mode != StringMode.BITS) {
                    value.append('\'');
                    p += 2;
                } else if (c == '\'') {
                    return p + 1;
                } else {
                    int run = p + 1;
                    while (run < sql.length() && sql.charAt(run) != '\'' && sql.charAt(run) != '\\') {
                        run++;
                    }
                    value.append(sql, p, run);
                    p = run;
                }
            }
            return p;
        }

        /** Decodes the escape at {@code p} (a backslash) of an {@code E'...'} string; returns the index after it. */
        private int postgresqlEscape(int p, StringBuilder value) {
            char c = sql.charAt(p + 1);
            int q = p + 1;
            if (c >= '0' && c <= '7') {
                int end = q;
                while (end < sql.length() && end < q + 3 && sql.charAt(end) >= '0' && sql.charAt(end) <= '7') {
                    end++;
                }
                value.append((char) Integer.parseInt(sql.substring(q, end), 8));
                return end;
            }
            int hexDigits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
            if (hexDigits > 0) {
                int end = q + 1;
                while (end < sql.length() && end < q + 1 + hexDigits && Character.digit(sql.charAt(end), 16) >= 0) {
                    end++;
                }
                if (end > q + 1 && (c == 'x' || end == q + 1 + hexDigits)) {
                    UnicodeEscapes.appendCodePoint(value, Long.parseLong(sql.substring(q + 1, end), 16));
                    return end;
                }
            }
            value.append(unescape(c));
            return p + 2;
        }

        /**
         * scan.l's {@code quotecontinue}: after a string part ending before {@code p}, whitespace holding a newline
         * ({@code --} comments allowed, block comments not) and a quote continue the string. Returns the index of
         * that quote, or -1.
         */
        private int continuation(int p) {
            boolean newline = false;
            int q = p;
            while (q < sql.length()) {
                char c = sql.charAt(q);
                if (c == '\n' || c == '\r') {
                    newline = true;
                    q++;
                } else if (isSpace(c)) {
                    q++;
                } else if (sql.startsWith("--", q)) {
                    q = lineCommentEnd(q);
                    if (q >= sql.length()) {
                        return -1;
                    }
                } else {
                    break;
                }
            }
            return newline && q < sql.length() && sql.charAt(q) == '\'' ? q : -1;
        }

        /** A MySQL string starting at {@code start} with {@code quote}, read as {@code get_text} reads it. */
        private Token mysqlString(int start, char quote) {
            StringBuilder value = new StringBuilder();
            int p = start + 1;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                if (c == '\\') {
                    dependsOnSettings("a backslash in a string, which is an escape character unless sql_mode has "
                            + "NO_BACKSLASH_ESCAPES");
                }
                if (backslashEscapes && c == '\\' && p + 1 < sql.length()) {
                    char escaped = sql.charAt(p + 1);
                    if (escaped == '%' || escaped == '_') {
                        value.append('\\');
                    }
                    value.append(unescape(escaped));
                    p += 2;
                } else if (c == quote && p + 1 < sql.length() && sql.charAt(p + 1) == quote) {
                    value.append(quote);
                    p += 2;
                } else if (c == quote) {
                    p++;
                    break;
                } else {
                    int run = p + 1;
                    while (run < sql.length() && sql.charAt(run) != quote && sql.charAt(run) != '\\') {
                        run++;
                    }
                    value.append(sql, p, run);
                    p = run;
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
                case 'f':
                    return dialect == Dialect.POSTGRESQL ? '\f' : 'f';
                case 'Z':
                    return dialect == Dialect.MYSQL ? '\u001a' : 'Z';
                default:
                    return c;
            }
        }

        /** An identifier starting at {@code start} whose opening quote is at {@code quoteAt}. */
        private Token quotedIdentifier(int start, int quoteAt, char quote) {
            StringBuilder name = new StringBuilder();
            int p = quoteAt + 1;
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
            if (p < sql.length() && isAsciiDigit(sql.charAt(p))) {
                while (p < sql.length() && isAsciiDigit(sql.charAt(p))) {
                    p++;
                }
                pos = p;
                return new Token(Token.Kind.PARAMETER, sql.substring(start, p), sql.substring(start, p), depth,
                        spaceBefore);
            }
            while (p < sql.length() && sql.charAt(p) != '$' && (isWordStart(sql.charAt(p))
                    || (p > start + 1 && isAsciiDigit(sql.charAt(p))))) {
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

        private Token word(int start) {
            int p = start;
            while (p < sql.length() && isWordPart(sql.charAt(p))) {
                p++;
            }
            pos = p;
            return Token.of(Token.Kind.WORD, sql, start, p, depth, spaceBefore);
        }

        private Token number(int start) {
            int p = start;
            while (p < sql.length()) {
                char c = sql.charAt(p);
                boolean exponentSign = (c == '+' || c == '-') && p > start
                        && (sql.charAt(p - 1) == 'e' || sql.charAt(p - 1) == 'E')
                        && !sql.regionMatches(true, start, "0x", 0, 2);
                if (!(isWordPart(c) || c == '.' || exponentSign) || c == '$') {
                    break;
                }
                p++;
            }
            pos = p;
            return Token.of(Token.Kind.NUMBER, sql, start, p, depth, spaceBefore);
        }

        /**
         * Whether the {@code ;} token ends the statement. PostgreSQL: only outside parentheses, as the grammar's
         * {@code stmtmulti} and pgjdbc's {@code Parser.parseJdbcSql} read it (a {@code ;} inside parentheses
         * separates the actions of {@code CREATE RULE ... DO (a; b)} and is a syntax error elsewhere). MySQL: unless it
         * ends a statement inside a stored program's body or a compound statement ({@link CompoundStatements}); a
         * {@code ;} inside a body closes the parentheses left open before it, as the server's parser would have
         * rejected them.
         */
        private boolean endsStatement(Token semicolon) {
            if (dialect == Dialect.POSTGRESQL) {
                return semicolon.depth() == 0;
            }
            if (compound == null || compound.separates()) {
                return true;
            }
            depth = 0;
            return false;
        }

        /** Ends the statement at a {@code ;} that ends it, and starts reading the next one. */
        private void endStatement() {
            endPendingString();
            if (addStatement()) {
                tokens = new ArrayList<>(TOKENS);
            }
            compound = null;
            statementStart = -1;
            depth = 0;
        }

        /**
         * Adds the statement read so far, if it has tokens (the text's last one needs no fresh token list after it: a
         * lookup by shape lexes a whole text for every literal statement).
         *
         * @return whether a statement was added
         */
        private boolean addStatement() {
            if (tokens.isEmpty()) {
                return false;
            }
            statements.add(new LexedStatement(sql, statementStart, statementEnd, tokens));
            return true;
        }
    }

    /** How a PostgreSQL quoted string treats a backslash and doubled quotes. */
    private enum StringMode {
        /** {@code xq}: backslash is a character, {@code ''} is a quote. */
        STANDARD,
        /** {@code xe}: backslash escapes, {@code ''} is a quote. */
        ESCAPE,
        /** {@code xb}/{@code xh}: everything up to the next quote. */
        BITS
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c < 128 && IS_SPACE[c];
    }

    /** scan.l's {@code ident_start} and MariaDB's {@code ident_map}: ASCII letters, {@code _}, and above U+007F. */
    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 0x7f;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isAsciiDigit(c) || c == '$';
    }
}
