package io.jdbcguard.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Finding;
import io.jdbcguard.rules.Modification;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.analyzer.StatementAnalyzer;
import io.jdbcguard.rules.analyzer.StatementShape;

/**
 * Remembers the analyses of statements read with one set of session reading settings, so guarded connections parse
 * a statement's form once, also when the application writes its values into the text (literal SQL sends a new text
 * almost every time). The driver keeps one per settings set, shared by all its connections ({@code DriverState}).
 * Thread-safe.
 *
 * <p>Lookup: by the exact text first; on a miss by the text's {@linkplain StatementShape#key shape} (one lexer pass,
 * about a microsecond per 100 characters); on a miss the text is analysed and stored by shape when the analysis is
 * {@linkplain Analysis#reusableByShape() reusable by shape} and the text has literals, otherwise by text. A text hit
 * allocates nothing; a shape hit allocates only the lexer's tokens and the key, garbage once it returns.
 *
 * <p>Memory: the entries of one settings set weigh at most {@link #MAX_BYTES} bytes, estimated from the strings and
 * collections they keep (see {@link #weight}); a driver sees one settings set per dialect and server configuration,
 * and one more for each after a session changed its settings unreadably. Literal values: shape keys have none, and
 * texts without literals none either; they share {@link #SHAPE_BYTES}. The texts of non-reusable analyses with
 * literals (a finding, a {@code LIMIT}, a literal the guard cannot prove harmless) are kept as written, literal
 * values included, in a separate region of at most {@link #LITERAL_TEXT_BYTES}, so that at most that much of the
 * application's values stays in the guard's memory. Both regions evict by Caffeine's W-TinyLFU policy, so a stream
 * of one-off texts does not push out the shapes in use. Eviction runs on the calling thread.
 *
 * <p>The first statements of a driver are analysed while the application first connects, by
 * {@link io.jdbcguard.decision.WarmUp}.
 */
public final class AnalysisCache {
    /** The bound of the entries of one settings set, in estimated bytes: {@value}. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The part of {@link #MAX_BYTES} for texts with literal values whose analysis is not reusable: {@value}. */
    public static final long LITERAL_TEXT_BYTES = 512L * 1024;
    /** The part of {@link #MAX_BYTES} for shapes and texts without literals: {@value}. */
    public static final long SHAPE_BYTES = MAX_BYTES - LITERAL_TEXT_BYTES;

    /** A Caffeine bounded-cache node with its hash-table entry, about. */
    private static final int ENTRY_BYTES = 96;
    /** A {@link String} object and its array's header. */
    private static final int STRING_BYTES = 40;
    /** An object with a handful of fields: an analysis, a finding, a modification, a shape key, a collection. */
    private static final int OBJECT_BYTES = 48;

    private final SessionSettings settings;
    private final StatementAnalyzer analyzer;
    /** Keyed by {@link String} (a text without literals) or {@link Shape}: no literal values. */
    private final Cache<Object, Analysis> shapes;
    /** Texts with literal values whose analysis is not reusable by shape. */
    private final Cache<String, Analysis> literalTexts;

    /** @param settings the session settings statements are read with */
    public AnalysisCache(SessionSettings settings) {
        this.settings = settings;
        this.analyzer = new StatementAnalyzer(settings);
        this.shapes = Caffeine.newBuilder().maximumWeight(SHAPE_BYTES).weigher(AnalysisCache::weight)
                .executor(Runnable::run).build();
        this.literalTexts = Caffeine.newBuilder().maximumWeight(LITERAL_TEXT_BYTES).weigher(AnalysisCache::weight)
                .executor(Runnable::run).build();
    }

    /** @return the settings this cache's analyses were made with */
    public SessionSettings settings() {
        return settings;
    }

    /**
     * @param sql a statement text as handed to JDBC
     * @return every finding of every rule for it, from the cache when this text or, for a reusable analysis, a text
     *     of the same shape was judged before
     * @throws NullPointerException if {@code sql} is null
     */
    public Analysis analyze(String sql) {
        Analysis known = shapes.getIfPresent(sql);
        if (known == null) {
            known = literalTexts.getIfPresent(sql);
        }
        if (known != null) {
            return known;
        }
        StatementShape.Key key = StatementShape.key(settings, sql);
        Shape shape = key != null && key.hasLiterals() ? new Shape(key.value()) : null;
        if (shape != null) {
            known = shapes.getIfPresent(shape);
            if (known != null) {
                return known;
            }
        }
        Analysis analysis = analyzer.analyze(sql);
        if (shape != null && analysis.reusableByShape()) {
            shapes.put(shape, analysis);
        } else if (key != null && !key.hasLiterals()) {
            shapes.put(sql, analysis);
        } else {
            literalTexts.put(sql, analysis);
        }
        return analysis;
    }

    /**
     * The estimated bytes this cache's entries keep, after pending evictions ran; for tests and diagnostics.
     *
     * @return the weight of the entries of both regions, at most {@link #MAX_BYTES}
     */
    public long weighedBytes() {
        shapes.cleanUp();
        literalTexts.cleanUp();
        return weighed(shapes) + weighed(literalTexts);
    }

    private static long weighed(Cache<?, ?> cache) {
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /**
     * The bytes an entry keeps, estimated: strings at two bytes a character (an upper bound: most are Latin-1 at
     * one), every object and collection at {@link #OBJECT_BYTES}, and the cache's own node. Analyses shared by many
     * entries ({@link Analysis#CLEAN}) are counted in each.
     */
    private static int weight(Object key, Analysis analysis) {
        long bytes = ENTRY_BYTES + (key instanceof Shape shape ? OBJECT_BYTES + string(shape.key()) : string(key))
                + OBJECT_BYTES * 5L;
        for (Finding finding : analysis.findings()) {
            bytes += OBJECT_BYTES * 2L + string(finding.ruleId()) + string(finding.statementKind())
                    + string(finding.reason()) + string(finding.statement()) + strings(finding.objects());
        }
        for (Modification modification : analysis.modifications()) {
            bytes += OBJECT_BYTES * 3L + string(modification.kind()) + string(modification.table())
                    + strings(modification.keyColumns()) + strings(modification.setColumns());
        }
        bytes += strings(analysis.createdTables()) + strings(analysis.addedColumns());
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long string(Object text) {
        return STRING_BYTES + 2L * ((String) text).length();
    }

    private static long strings(Iterable<String> texts) {
        long bytes = 0;
        for (String text : texts) {
            bytes += string(text) + 8;
        }
        return bytes;
    }

    /** A shape key, typed apart from text keys so a text can never be read as a shape. */
    private record Shape(String key) {
    }
}
