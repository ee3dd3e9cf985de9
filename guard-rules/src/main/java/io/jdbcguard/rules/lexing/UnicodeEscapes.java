package io.jdbcguard.rules.lexing;

/**
 * Decodes the Unicode escapes of PostgreSQL {@code U&'...'} strings and {@code U&"..."} identifiers: {@code \XXXX}
 * (four hex digits), {@code \+XXXXXX} (six) and {@code \\} for the escape character itself, with the escape
 * character chosen by {@code UESCAPE} (<a
 * href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS-UESCAPE">String
 * Constants With Unicode Escapes</a>; {@code str_udeescape} in {@code src/backend/parser/parser.c}).
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {
    }

    /**
     * @param text the string or identifier between its quotes, quotes already undoubled
     * @param escape the escape character
     * @return the decoded text; an escape that is not well formed is kept as written (the server rejects it)
     */
    static String decode(String text, char escape) {
        if (text.indexOf(escape) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != escape || i + 1 >= text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
            } else if (text.charAt(i + 1) == '+' && isHex(text, i + 2, 6)) {
                appendCodePoint(out, Long.parseLong(text.substring(i + 2, i + 8), 16));
                i += 8;
            } else if (isHex(text, i + 1, 4)) {
                appendCodePoint(out, Long.parseLong(text.substring(i + 1, i + 5), 16));
                i += 5;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Appends a code point, or U+FFFD when it is not one (the server rejects such an escape).
     *
     * @param out where to append
     * @param codePoint the escaped number
     */
    static void appendCodePoint(StringBuilder out, long codePoint) {
        out.appendCodePoint(Character.isValidCodePoint((int) codePoint) && codePoint <= Character.MAX_CODE_POINT
                ? (int) codePoint : 0xFFFD);
    }

    private static boolean isHex(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
