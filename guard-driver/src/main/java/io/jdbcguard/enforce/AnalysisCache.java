package io.jdbcguard.enforce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jdbcguard.rules.Analysis;
import io.jdbcguard.rules.SessionSettings;
import io.jdbcguard.rules.StatementAnalyzer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the analysis of every statement text already judged, per set of session reading settings, so a guarded
 * connection never parses the same text twice (applications repeat the same statements: one parse per distinct text
 * per JVM). Bounded by total text length; thread-safe.
 */
public final class AnalysisCache {
    /** The cache's bound: the summed length of cached statement texts, in characters. */
    public static final long MAX_CHARACTERS = 32L * 1024 * 1024;

    private static final Map<SessionSettings, AnalysisCache> BY_SETTINGS = new ConcurrentHashMap<>();

    private final SessionSettings settings;
    private final StatementAnalyzer analyzer;
    private final Cache<String, Analysis> analyses;

    private AnalysisCache(SessionSettings settings) {
        this.settings = settings;
        this.analyzer = new StatementAnalyzer(settings);
        this.analyses = Caffeine.newBuilder()
                .maximumWeight(MAX_CHARACTERS)
                .weigher((String sql, Analysis analysis) -> sql.length() + 64)
                .build();
    }

    /**
     * @param settings the session settings statements are read with
     * @return the shared cache for them
     */
    public static AnalysisCache of(SessionSettings settings) {
        return BY_SETTINGS.computeIfAbsent(settings, AnalysisCache::new);
    }

    /** @return the settings this cache's analyses were made with */
    public SessionSettings settings() {
        return settings;
    }

    /**
     * @param sql a statement text as handed to JDBC
     * @return every finding of every rule for it, from the cache when this text was judged before
     */
    public Analysis analyze(String sql) {
        return analyses.get(sql, analyzer::analyze);
    }
}
