package io.jdbcguard.enforce;

import io.jdbcguard.origin.OriginResolver;
import io.jdbcguard.policy.GuardSpec;
import io.jdbcguard.rules.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the text of a block: what was blocked, by which rule, for which pair and why, and the ways forward. */
final class ViolationMessage {
    /** What became of a statement refused before it was sent. */
    static final String NOTHING_SENT = "Nothing was sent to the server.";
    /** What became of a change refused by its row count. */
    static final String ROLLED_BACK = "It ran inside a savepoint and was rolled back: nothing of it stays.";
    /** What became of a change refused by the count of its whole transaction: the transaction is rolled back. */
    static final String TRANSACTION_ROLLED_BACK = "It ran inside a savepoint and was rolled back, and jdbc-guard rolled"
            + " back the whole transaction, since it cannot complete: nothing of it stays, the changes before it"
            + " included.";
    /** What became of a row change refused before it was sent, by the count of its whole transaction. */
    static final String TRANSACTION_REFUSED = "Nothing of it was sent, and jdbc-guard rolled back the whole"
            + " transaction, since it cannot complete: nothing of it stays, the changes before it included.";
    /** What became of a change refused by the count of the auto-commit window: earlier changes were committed. */
    static final String WINDOW_ROLLED_BACK = "It ran in jdbc-guard's own transaction and was rolled back; the changes"
            + " committed before it stay.";
    /** What became of a read whose function tried to write. */
    static final String REFUSED_BY_SERVER = "It ran in a read-only transaction and the server refused the write:"
            + " nothing of it stays.";

    /** What became of a read that turned the session's read-only mode off. */
    static final String READ_ONLY_KEPT = "It ran and was undone, and the session is read-only again.";

    /** How much of a statement a message quotes, in characters. */
    static final int STATEMENT_LIMIT = 300;

    private ViolationMessage() {
    }

    /** How much of a statement's shape the first line quotes, in characters. */
    static final int SHAPE_LIMIT = 120;

    /**
     * The message. Its first line says what was blocked on its own (the statement's shape, the rule, the kind and
     * objects, and for a row count the count and the ceiling), since frameworks that wrap the exception (Quartz's
     * {@code JobPersistenceException}, Spring's translation) often show only that line.
     *
     * @param findings the blocking findings, at least one
     * @param context the connection's pair and guards
     * @param shape the statement with its literals replaced by {@code ?} ({@code StatementShape.of})
     * @param counted for a refusal by count, {@code ": N rows, max-rows M"}; else empty
     * @param outcome what became of the statement, e.g. {@link #NOTHING_SENT}
     * @return the message
     */
    static String of(List<Finding> findings, GuardContext context, String shape, String counted, String outcome) {
        Finding first = findings.get(0);
        StringBuilder text = new StringBuilder();
        String quoted = shape.length() <= SHAPE_LIMIT ? shape : shape.substring(0, SHAPE_LIMIT - 3) + "...";
        text.append("jdbc-guard blocked ").append(quoted).append(": rule '").append(first.ruleId()).append("' (")
                .append(first.statementKind()).append(objects(first)).append(counted).append("). ").append(outcome);
        for (Finding finding : findings) {
            text.append("\n  Statement: ").append(shorten(finding.statement()))
                    .append("\n  Rule ").append(finding.ruleId()).append(": ").append(finding.reason());
        }
        text.append("\n  Origin: ").append(context.origin().name()).append(" (").append(context.origin().reason())
                .append(')');
        text.append("\n  Target: ").append(context.target().describe()).append(" (")
                .append(String.join("; ", context.target().reasons())).append(')');
        text.append("\n  Policy: ").append(context.guards().guards().stream().map(ViolationMessage::guard)
                .collect(Collectors.joining("; ")));
        text.append("\n  Ways forward: if this is meant for ").append(context.target().describe())
                .append(", run it from the origin that owns such changes (e.g. your CI pipeline or migration job,"
                        + " where ").append(OriginResolver.ORIGIN_ENV).append(" is set to ci);")
                .append(" if it is not, check the URL: it reaches ").append(context.target().hosts().isEmpty()
                        ? "hosts jdbc-guard could not read" : String.join(", ", context.target().hosts())).append(';')
                .append(" if the statement should touch fewer rows, give it a real WHERE;")
                .append(" in an emergency, break the glass for a limited time: jdbc-guard break-glass --reason"
                        + " \"<ticket and reason>\" --for 30m (or set ").append(BreakGlass.ENV).append("=\"<ticket and"
                        + " reason>; until=<ISO-8601 time>\" for one process); it is recorded in the audit trail."
                        + " jdbc-guard is a guardrail against accidents, not a substitute for database permissions.");
        return text.toString();
    }

    private static String objects(Finding finding) {
        return finding.objects().isEmpty() ? "" : " " + String.join(", ", finding.objects());
    }

    private static String guard(GuardSpec guard) {
        return guard.origin() + " -> " + guard.target() + " (" + guard.mode().name().toLowerCase(java.util.Locale.ROOT)
                + (guard.readOnly() ? ", read-only" : "") + ", " + guard.source() + ")";
    }

    /**
     * @param statement a statement text
     * @return at most {@link #STATEMENT_LIMIT} characters of it, whitespace folded, with an ellipsis when cut
     */
    static String shorten(String statement) {
        String folded = statement.strip().replaceAll("\\s+", " ");
        return folded.length() <= STATEMENT_LIMIT ? folded : folded.substring(0, STATEMENT_LIMIT) + "...";
    }
}
