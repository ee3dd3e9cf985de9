package io.jdbcguard.rules.realworld;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a statement of the real-world corpus is, by rules written down independently of the guard's code (the
 * expected-results file repeats them):
 * <ul>
 *   <li>{@link #DESTRUCTIVE}: {@code DROP} of any object (not MySQL {@code DROP TEMPORARY TABLE} or {@code DROP PREPARE}),
 *       {@code TRUNCATE}, {@code DELETE} or {@code UPDATE} without {@code WHERE} outside parentheses, {@code ALTER TABLE} with a
 *       {@code DROP} clause other than {@code DROP CONSTRAINT|FOREIGN KEY|PRIMARY KEY|CHECK|DEFAULT|NOT NULL|
 *       IDENTITY|EXPRESSION}, {@code CREATE OR REPLACE TABLE}, {@code LOAD DATA ... REPLACE} (MySQL {@code REPLACE
 *       INTO} is an upsert like {@code INSERT ... ON DUPLICATE KEY UPDATE}: harmless);
 *   <li>{@link #OPAQUE}: PostgreSQL {@code DO} blocks, {@code CALL}, MySQL {@code PREPARE ... FROM @variable} and
 *       {@code EXECUTE IMMEDIATE @variable}: they run code the guard cannot see, and blocking them is the documented
 *       behaviour, counted apart;
 *   <li>{@link #REJECTED}: a PostgreSQL statement whose code starts with {@code #}: psql does not take {@code #} for
 *       a comment (<a href="https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-COMMENTS">Comments</a>:
 *       only {@code --} and {@code /* *}{@code /}) and sends it, and the server rejects it as a syntax error, so
 *       nothing of it runs (freeradius's {@code process-radacct.sql} begins with such lines, which make its first
 *       {@code CREATE TABLE} fail under psql), counted apart;
 *   <li>{@link #HARMLESS}: everything else: {@code CREATE}, {@code INSERT}, {@code COMMENT}, {@code GRANT},
 *       {@code SET}, scoped {@code UPDATE}/{@code DELETE}, {@code ALTER} that adds, renames or changes types, ...
 * </ul>
 */
public enum Label {
    /** Must be allowed. */
    HARMLESS,
    /** Must be blocked. */
    DESTRUCTIVE,
    /** Runs code the guard cannot see: blocked by design. */
    OPAQUE,
    /** Rejected by the server as a syntax error: runs nothing, whatever the guard decides. */
    REJECTED;

    private static final Pattern ALTER_DROP = Pattern.compile("\\bDROP\\s+(?!CONSTRAINT\\b|FOREIGN\\b|PRIMARY\\b"
            + "|CHECK\\b|DEFAULT\\b|NOT\\b|IDENTITY\\b|EXPRESSION\\b)");

    /**
     * @param sql one statement as a client sends it
     * @param postgresql its dialect
     * @return its label
     */
    public static Label of(String sql, boolean postgresql) {
        String text = words(sql, postgresql);
        if (postgresql && text.startsWith("#")) {
            return REJECTED;
        }
        String first = text.isEmpty() ? "" : text.split(" ", 2)[0];
        boolean where = text.contains(" WHERE ");
        switch (first) {
            case "DROP":
                return text.startsWith("DROP TEMPORARY ") || text.startsWith("DROP PREPARE ") ? HARMLESS : DESTRUCTIVE;
            case "TRUNCATE":
                return DESTRUCTIVE;
            case "DELETE":
            case "UPDATE":
                return where ? HARMLESS : DESTRUCTIVE;
            case "ALTER":
                return text.startsWith("ALTER TABLE ") && ALTER_DROP.matcher(text).find() ? DESTRUCTIVE : HARMLESS;
            case "CREATE":
                return text.startsWith("CREATE OR REPLACE TABLE ") ? DESTRUCTIVE : HARMLESS;
            case "LOAD":
                return text.contains(" REPLACE ") ? DESTRUCTIVE : HARMLESS;
            case "CALL":
                return OPAQUE;
            case "DO":
                return postgresql ? OPAQUE : HARMLESS;
            case "PREPARE":
            case "EXECUTE":
                return !postgresql && text.matches("^(PREPARE \\S+ FROM|EXECUTE IMMEDIATE) @.*") ? OPAQUE : HARMLESS;
            default:
                return HARMLESS;
        }
    }

    /** The statement's code upper-cased, each parenthesised part replaced by {@code ( )}, words separated by one space. */
    private static String words(String sql, boolean postgresql) {
        String code = ScriptSplitter.code(sql, postgresql).replaceAll("/\\*!?[0-9]*|\\*/", " ");
        StringBuilder top = new StringBuilder();
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == ')') {
                depth--;
            }
            if (depth == 0) {
                top.append(c == '(' || c == ')' || c == ',' || c == '=' || c == ';' ? " " + c + " " : String.valueOf(c));
            }
            if (c == '(') {
                depth++;
            }
        }
        return top.toString().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT).strip();
    }
}
