package io.jdbcguard.cli.lint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL files lint reads, in the order they run: a file named on the command line as it is; a folder's {@code .sql}
 * files in Flyway's order when they follow its naming (<a
 * href="https://documentation.red-gate.com/fd/migrations-184127470.html">Flyway migrations</a>: versioned
 * {@code V<version>__<description>.sql} by version, its parts compared as numbers, then repeatable
 * {@code R__<description>.sql} by description), the others after them by path.
 */
public final class MigrationFiles {
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPEATABLE = Pattern.compile("R__(.*)\\.sql", Pattern.CASE_INSENSITIVE);

    private MigrationFiles() {
    }

    /**
     * @param paths files and folders, as given on the command line
     * @return the SQL files to read, in order
     * @throws IOException when a folder cannot be listed
     * @throws IllegalArgumentException when a path does not exist
     */
    public static List<Path> of(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(Files::isRegularFile)
                            .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql"))
                            .sorted(ORDER).forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException(path + " does not exist: name SQL files or folders of them");
            }
        }
        return files;
    }

    /** Versioned migrations by version, then repeatable ones by description, then the rest by path. */
    private static final Comparator<Path> ORDER = Comparator.comparingInt(MigrationFiles::group)
            .thenComparing(MigrationFiles::compareVersions)
            .thenComparing(file -> file.getFileName().toString())
            .thenComparing(Path::toString);

    private static int group(Path file) {
        String name = file.getFileName().toString();
        return VERSIONED.matcher(name).matches() ? 0 : REPEATABLE.matcher(name).matches() ? 1 : 2;
    }

    private static int compareVersions(Path one, Path other) {
        List<BigInteger> a = version(one);
        List<BigInteger> b = version(other);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int compared = a.get(i).compareTo(b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A versioned migration's version parts ({@code V1_2__x.sql}: 1, 2); empty for other files. */
    private static List<BigInteger> version(Path file) {
        Matcher matcher = VERSIONED.matcher(file.getFileName().toString());
        List<BigInteger> parts = new ArrayList<>();
        if (matcher.matches()) {
            for (String part : matcher.group(1).split("[._]")) {
                if (!part.isEmpty()) {
                    parts.add(new BigInteger(part));
                }
            }
        }
        return parts;
    }
}
