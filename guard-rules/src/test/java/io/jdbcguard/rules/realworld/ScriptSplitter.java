package io.jdbcguard.rules.realworld;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an SQL script into statements the way the command-line clients send them, for the real-world corpus.
 *
 * <p>psql (<a href="https://www.postgresql.org/docs/15/app-psql.html">psql</a>): statements end at {@code ;} outside
 * strings ({@code '...'}, {@code E'...'} with backslash escapes, dollar quoting {@code $tag$...$tag$}), quoted
 * identifiers and comments ({@code --}, nested {@code /* *}{@code /}); lines that start with a backslash are psql
 * meta-commands and are not sent. The mysql client
 * (<a href="https://dev.mysql.com/doc/refman/8.4/en/mysql-commands.html">mysql Client Commands</a>): statements end at
 * the current delimiter outside strings (backslash escapes), quoted identifiers and comments ({@code #},
 * {@code -- }, {@code /* *}{@code /}); a {@code DELIMITER x} line changes the delimiter and is not sent, so a
 * compound statement written between {@code DELIMITER $$} lines is sent whole.
 */
public final class ScriptSplitter {
    private ScriptSplitter() {
    }

    /**
     * A statement of a script.
     *
     * @param line the line the statement starts on, from 1
     * @param sql the statement as the client sends it, without its delimiter
     */
    public record Statement(int line, String sql) {
    }

    /**
     * @param script the script's text
     * @param postgresql true for a psql script, false for a mysql client script
     * @return its statements, in order, without empty ones
     */
    public static List<Statement> split(String script, boolean postgresql) {
        List<Statement> statements = new ArrayList<>();
        String delimiter = ";";
        StringBuilder current = new StringBuilder();
        boolean code = false;
        int startLine = 1;
        int line = 1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            if (!code && atLineStart(script, i)) {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                String text = script.substring(i, end).strip();
                if (postgresql && text.startsWith("\\")) {
                    i = end;
                    continue;
                }
                if (!postgresql && text.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                    delimiter = text.substring("DELIMITER ".length()).strip();
                    i = end;
                    continue;
                }
            }
            if (script.startsWith(delimiter, i)) {
                if (code) {
                    statements.add(new Statement(startLine, current.toString().strip()));
                }
                current.setLength(0);
                code = false;
                i += delimiter.length();
                continue;
            }
            int end = skip(script, i, postgresql);
            if (!code && !Character.isWhitespace(script.charAt(i)) && !isComment(script, i, end, postgresql)) {
                code = true;
                startLine = line;
            }
            for (int k = i; k < end; k++) {
                if (script.charAt(k) == '\n') {
                    line++;
                }
            }
            current.append(script, i, end);
            i = end;
        }
        if (code) {
            statements.add(new Statement(startLine, current.toString().strip()));
        }
        return statements;
    }

    /**
     * @param sql a statement
     * @param postgresql its dialect
     * @return its code: comments removed, each string and quoted identifier replaced by {@code ' '}, the content of
     *     MySQL executable comments kept
     */
    public static String code(String sql, boolean postgresql) {
        StringBuilder code = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            int end = skip(sql, i, postgresql);
            char c = sql.charAt(i);
            if (isComment(sql, i, end, postgresql)) {
                code.append(' ');
            } else if (end > i + 1 && (c == '\'' || c == '"' || c == '`' || c == '$')) {
                code.append(" ' ");
            } else if (end > i + 1) {
                code.append(' ').append(sql, i + (sql.startsWith("/*M!", i) ? 4 : 3), end - 2).append(' ');
            } else {
                code.append(c);
            }
            i = end;
        }
        return code.toString();
    }

    /** Whether the text from {@code start} to {@code end} is a comment (a MySQL executable comment is code). */
    private static boolean isComment(String s, int start, int end, boolean postgresql) {
        if (!postgresql && s.charAt(start) == '#') {
            return true;
        }
        boolean marker = s.startsWith("--", start) || (s.startsWith("/*", start) && !s.startsWith("/*!", start)
                && !s.startsWith("/*M!", start));
        return marker && end > start + 1;
    }

    /** The end of the string, identifier or comment at {@code i}, or {@code i + 1}. */
    private static int skip(String s, int i, boolean postgresql) {
        char c = s.charAt(i);
        int n = s.length();
        if (c == '\'' || c == '"' || (c == '`' && !postgresql)) {
            boolean backslash = !postgresql || (c == '\'' && i > 0 && (s.charAt(i - 1) == 'E'
                    || s.charAt(i - 1) == 'e') && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2))));
            int j = i + 1;
            while (j < n) {
                char d = s.charAt(j);
                if (backslash && d == '\\' && c != '`') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < n && s.charAt(j + 1) == c) {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }
        boolean dashComment = c == '-' && s.startsWith("--", i)
                && (postgresql || i + 2 >= n || Character.isWhitespace(s.charAt(i + 2)));
        if (dashComment || (c == '#' && !postgresql)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? n : end;
        }
        if (c == '/' && s.startsWith("/*", i)) {
            int depth = 0;
            int j = i;
            while (j < n) {
                if (s.startsWith("/*", j)) {
                    depth = postgresql ? depth + 1 : 1;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }
        if (c == '$' && postgresql && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
            int j = i + 1;
            while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < n && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
                String tag = s.substring(i, j + 1);
                int end = s.indexOf(tag, j + 1);
                return end < 0 ? n : end + tag.length();
            }
        }
        return i + 1;
    }

    private static boolean atLineStart(String s, int i) {
        int j = i - 1;
        while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j--;
        }
        return j < 0 || s.charAt(j) == '\n';
    }
}
