package io.jdbcguard.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.Dialect;
import io.jdbcguard.rules.StatementAnalyzer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the analysis of every statement text already judged, per lexing configuration, so a guarded connection
 * never parses the same text twice (applications repeat the same statements: one parse per distinct text per JVM).
 * Bounded by total text length; thread-safe.
 */
public final class AnalysisCache {
    /** The cache's bound: the summed length of cached statement texts, in characters. */
    public static final long MAX_CHARACTERS = 32L * 1024 * 1024;

    private static final Map<String, AnalysisCache> BY_CONFIGURATION = new ConcurrentHashMap<>();

    private final StatementAnalyzer analyzer;
    private final Cache<String, Analysis> analyses;

    private AnalysisCache(StatementAnalyzer analyzer) {
        this.analyzer = analyzer;
        this.analyses = Caffeine.newBuilder()
                .maximumWeight(MAX_CHARACTERS)
                .weigher((String sql, Analysis analysis) -> sql.length() + 64)
                .build();
    }

    /**
     * @param dialect the dialect statements are written in
     * @param backslashEscapes whether backslash escapes in MySQL string literals (see {@link StatementAnalyzer})
     * @return the shared cache for that configuration
     */
    public static AnalysisCache of(Dialect dialect, boolean backslashEscapes) {
        String key = dialect + "/" + (dialect == Dialect.MYSQL && backslashEscapes);
        return BY_CONFIGURATION.computeIfAbsent(key, k -> new AnalysisCache(new StatementAnalyzer(dialect,
                backslashEscapes)));
    }

    /**
     * @param sql a statement text as handed to JDBC
     * @return every finding of every rule for it, from the cache when this text was judged before
     */
    public Analysis analyze(String sql) {
        return analyses.get(sql, analyzer::analyze);
    }
}
