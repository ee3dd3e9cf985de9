import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Build-time generator of jdbc-guard's JDBC delegates (run by Maven in generate-sources, like HikariCP's
 * JavassistProxyFactory): for each JDBC interface a {@code final} class, the one handed out, that implements every
 * method by a plain call on the vendor object, with no reflection at run time. Where jdbc-guard checks something, the
 * class extends a hand-written abstract class ({@link HandWritten}: {@code GuardedConnection},
 * {@code GuardedStatement}, {@code GuardedPreparedStatement}) that implements those methods and holds the fields, and
 * the generated class implements only the rest. Three kinds of methods are not plain calls:
 *
 * <ul>
 *   <li>methods that take SQL text to run ({@link #SQL_METHODS}): never generated; a class whose hand-written
 *       parents do not list one fails the build, so a new JDK method of that kind must be checked by hand first;
 *   <li>methods returning a JDBC object (or an Object, which may be an Array, Struct, Blob...): the result is wrapped
 *       by the connection's {@code DelegateFactory}, so no vendor object is handed out;
 *   <li>methods taking a JDBC object: a delegate argument is given to the vendor as its own object again
 *       ({@code VendorBacked.vendorOf}).
 * </ul>
 * {@code unwrap} and {@code isWrapperFor} answer for the delegate itself, and reach the vendor object only on a
 * connection decided unguarded ({@code Checks.unwrap}, through the connection's {@code ConnectionState}).
 * Every delegate holds both the factory ({@code delegates}) and the state ({@code state}), its own fields or its
 * hand-written parent's, so no call goes through the other to reach them.
 *
 * <p>Usage: {@code java GenerateDelegatingJdbc.java <output source directory> <project version>}.
 */
public final class GenerateDelegatingJdbc {
    private static final String PACKAGE = "io.jdbcguard.jdbc";

    /**
     * The methods of an updatable {@code ResultSet} that change a row through the vendor driver's own statements,
     * and the kind of change: the guard counts them first ({@code Checks.rowChange}).
     */
    static final Map<String, String> ROW_CHANGES = Map.of("deleteRow", "DELETE", "updateRow", "UPDATE");

    /** Methods that take the SQL text to run as their first argument, per interface that declares them. */
    static final Map<Class<?>, Set<String>> SQL_METHODS = Map.of(
            Connection.class, Set.of("prepareStatement", "prepareCall"),
            Statement.class, Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"));

    /** JDBC object types wrapped when a method returns them, with the DelegateFactory method that wraps each. */
    static final Map<Class<?>, String> WRAPPED = Map.ofEntries(
            Map.entry(Statement.class, "statement"),
            Map.entry(ResultSet.class, "resultSet"),
            Map.entry(DatabaseMetaData.class, "metaData"),
            Map.entry(ResultSetMetaData.class, "resultSetMetaData"),
            Map.entry(ParameterMetaData.class, "parameterMetaData"),
            Map.entry(Array.class, "array"),
            Map.entry(Struct.class, "struct"),
            Map.entry(Ref.class, "ref"),
            Map.entry(Blob.class, "blob"),
            Map.entry(Clob.class, "clob"),
            Map.entry(NClob.class, "nclob"),
            Map.entry(SQLXML.class, "sqlxml"),
            Map.entry(Savepoint.class, "savepoint"));

    /**
     * A hand-written abstract class that generated classes extend, and the interface methods it implements: every
     * overload, in its interface, of each name listed. A root ({@code parent} null) implements its interface and
     * {@code VendorBacked} and holds the fields {@code delegates} and {@code state}; each class holds its vendor
     * object as {@code raw<interface's simple name>}. A method listed but not written leaves the final generated
     * class abstract, which the compiler refuses; one written but not listed would be generated again over it, which
     * the compiler refuses for a {@code final} method and {@code DelegatingJdbcTest} for the others.
     */
    record HandWritten(String name, Class<?> iface, HandWritten parent, Set<String> methods) {
        /** @return whether this class or a hand-written parent implements the method */
        boolean implementsMethod(Method method) {
            return methods.contains(method.getName()) && declaredIn(iface, method)
                    || parent != null && parent.implementsMethod(method);
        }
    }

    private static final HandWritten GUARDED_CONNECTION = new HandWritten("GuardedConnection", Connection.class, null,
            Set.of("prepareStatement", "prepareCall", "setReadOnly", "setAutoCommit", "setSchema", "setCatalog",
                    "commit", "rollback"));

    /** What the statements check by hand: the methods that take SQL text to run or run the batch. */
    private static final Set<String> STATEMENT_RUNS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "addBatch", "clearBatch", "executeBatch", "executeLargeBatch");

    private static final HandWritten GUARDED_STATEMENT = new HandWritten("GuardedStatement", Statement.class, null,
            STATEMENT_RUNS);

    private static final HandWritten GUARDED_PREPARED_STATEMENT = new HandWritten("GuardedPreparedStatement",
            PreparedStatement.class, GUARDED_STATEMENT, STATEMENT_RUNS);

    /**
     * One generated class: its interface, its name, and the hand-written class it extends (null when nothing of its
     * interface is written by hand); the statements prepared from a text carry the text's analysis.
     */
    record Spec(Class<?> iface, String name, HandWritten parent) {
        boolean prepared() {
            return PreparedStatement.class.isAssignableFrom(iface);
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec(Connection.class, "DelegatingConnection", GUARDED_CONNECTION),
            new Spec(Statement.class, "DelegatingStatement", GUARDED_STATEMENT),
            new Spec(PreparedStatement.class, "DelegatingPreparedStatement", GUARDED_PREPARED_STATEMENT),
            new Spec(CallableStatement.class, "DelegatingCallableStatement", GUARDED_PREPARED_STATEMENT),
            new Spec(ResultSet.class, "DelegatingResultSet", null),
            new Spec(DatabaseMetaData.class, "DelegatingDatabaseMetaData", null),
            new Spec(ResultSetMetaData.class, "DelegatingResultSetMetaData", null),
            new Spec(ParameterMetaData.class, "DelegatingParameterMetaData", null),
            new Spec(Array.class, "DelegatingArray", null),
            new Spec(Struct.class, "DelegatingStruct", null),
            new Spec(Ref.class, "DelegatingRef", null),
            new Spec(Blob.class, "DelegatingBlob", null),
            new Spec(Clob.class, "DelegatingClob", null),
            new Spec(NClob.class, "DelegatingNClob", null),
            new Spec(SQLXML.class, "DelegatingSQLXML", null),
            new Spec(Savepoint.class, "DelegatingSavepoint", null));

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(out);
        for (Spec spec : SPECS) {
            Files.writeString(out.resolve(spec.name() + ".java"), generate(spec));
        }
        Files.writeString(out.resolve("GuardVersion.java"), version(args[1]));
    }

    private static String version(String version) {
        String[] parts = version.split("[.-]");
        return "package " + PACKAGE + ";\n\n"
                + "/** jdbc-guard's version, generated from the build (as pgjdbc's DriverInfo). */\n"
                + "public final class GuardVersion {\n"
                + "    /** The full version, e.g. {@code 0.1.0-SNAPSHOT}. */\n"
                + "    public static final String VERSION = \"" + version + "\";\n"
                + "    /** The major version number. */\n"
                + "    public static final int MAJOR = " + Integer.parseInt(parts[0]) + ";\n"
                + "    /** The minor version number. */\n"
                + "    public static final int MINOR = " + Integer.parseInt(parts[1]) + ";\n\n"
                + "    private GuardVersion() {\n    }\n}\n";
    }

    static boolean isSqlMethod(Method method) {
        for (Map.Entry<Class<?>, Set<String>> entry : SQL_METHODS.entrySet()) {
            if (entry.getKey().isAssignableFrom(method.getDeclaringClass()) && entry.getValue().contains(method.getName())
                    && method.getParameterCount() > 0 && method.getParameterTypes()[0] == String.class) {
                return true;
            }
        }
        return false;
    }

    private static String generate(Spec spec) {
        Class<?> iface = spec.iface();
        HandWritten parent = spec.parent();
        String field = "raw" + iface.getSimpleName();
        boolean resultSet = iface == ResultSet.class;
        boolean statement = Statement.class.isAssignableFrom(iface);
        StringBuilder s = new StringBuilder();
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("/**\n * Generated by {@code guard-driver/src/build/GenerateDelegatingJdbc.java}: the {@link ")
                .append(iface.getName()).append("} handed out, which delegates to the vendor's object and wraps every")
                .append(" JDBC object it hands out")
                .append(parent == null ? "" : "; the checked methods are {@link " + parent.name() + "}'s")
                .append(".\n */\n");
        s.append("@SuppressWarnings({\"deprecation\", \"unchecked\"})\n");
        boolean ownVendorField = parent == null || parent.iface() != iface;
        s.append("final class ").append(spec.name()).append(parent == null ? "" : " extends " + parent.name())
                .append(ownVendorField ? " implements " + iface.getName() : "")
                .append(parent == null ? ", VendorBacked" : "").append(" {\n");
        if (ownVendorField) {
            s.append("    /** The vendor's object. */\n");
            s.append("    private final ").append(iface.getName()).append(' ').append(field).append(";\n");
        }
        if (parent == null) {
            s.append("    /** Wraps every JDBC object this one hands out. */\n");
            s.append("    private final DelegateFactory delegates;\n");
            s.append("    /** The connection's state: what it checks before a request reaches the vendor. */\n");
            s.append("    private final ConnectionState state;\n");
        }
        if (resultSet) {
            s.append("    /** The guarded statement that produced this result set, or null. */\n");
            s.append("    private final java.sql.Statement owner;\n");
        }
        if (ownVendorField || parent == null) {
            s.append('\n');
        }
        boolean analysed = spec.prepared();
        s.append("    ").append(spec.name()).append('(').append(iface.getName())
                .append(" raw, DelegateFactory delegates, ConnectionState state")
                .append(resultSet ? ", java.sql.Statement owner" : "")
                .append(analysed ? ", String sql, io.jdbcguard.rules.Analysis analysis" : "").append(") {\n");
        if (parent != null) {
            s.append("        super(raw, delegates, state").append(analysed ? ", sql, analysis" : "").append(");\n");
        } else {
            s.append("        this.delegates = delegates;\n");
            s.append("        this.state = state;\n");
        }
        if (ownVendorField) {
            s.append("        this.").append(field).append(" = raw;\n");
        }
        if (resultSet) {
            s.append("        this.owner = owner;\n");
        }
        s.append("    }\n\n");
        s.append("    @Override\n    public Object vendorObject() {\n        return ").append(field)
                .append(";\n    }\n\n");
        if (java.sql.Wrapper.class.isAssignableFrom(iface)) {
            s.append("    @Override\n    public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {\n")
                    .append("        if (iface.isInstance(this)) {\n            return iface.cast(this);\n")
                    .append("        }\n        return state.checks.unwrap(").append(field)
                    .append(", iface);\n    }\n\n");
            s.append("    @Override\n    public boolean isWrapperFor(Class<?> iface) throws java.sql.SQLException {\n")
                    .append("        return iface.isInstance(this) || state.checks.isWrapperFor(").append(field)
                    .append(", iface);\n    }\n\n");
        }
        s.append("    @Override\n    public String toString() {\n        return \"jdbc-guard[\" + ").append(field)
                .append(" + \"]\";\n    }\n\n");
        for (Method method : methods(iface)) {
            if (parent != null && parent.implementsMethod(method)) {
                continue;
            }
            if (isSqlMethod(method)) {
                throw new IllegalStateException(iface.getName() + "." + signature(method) + " takes SQL text to run"
                        + " and no hand-written class of " + spec.name() + " checks it: check it by hand and list it"
                        + " in HandWritten");
            }
            s.append(method(method, field, statement, resultSet, iface));
        }
        s.append("}\n");
        return s.toString();
    }

    /** Every method of the interface, once per signature ({@code unwrap} and {@code isWrapperFor} aside). */
    private static List<Method> methods(Class<?> iface) {
        return Arrays.stream(iface.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getDeclaringClass() != java.sql.Wrapper.class && m.getDeclaringClass() != AutoCloseable.class
                        || m.getName().equals("close"))
                .collect(Collectors.toMap(GenerateDelegatingJdbc::signature, m -> m, (a, b) -> a))
                .values().stream()
                .sorted(Comparator.comparing(GenerateDelegatingJdbc::signature))
                .collect(Collectors.toList());
    }

    private static boolean declaredIn(Class<?> parent, Method method) {
        try {
            parent.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static String method(Method method, String field, boolean statement, boolean resultSet, Class<?> iface) {
        StringBuilder s = new StringBuilder("    @Override\n    public ");
        TypeVariable<Method>[] typeParameters = method.getTypeParameters();
        if (typeParameters.length > 0) {
            s.append('<').append(Arrays.stream(typeParameters).map(GenerateDelegatingJdbc::typeParameter)
                    .collect(Collectors.joining(", "))).append("> ");
        }
        s.append(typeName(method.getGenericReturnType())).append(' ').append(method.getName()).append('(');
        Type[] parameters = method.getGenericParameterTypes();
        Class<?>[] rawParameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            s.append(i > 0 ? ", " : "").append(typeName(parameters[i])).append(" a").append(i);
        }
        s.append(')');
        if (method.getExceptionTypes().length > 0) {
            s.append(" throws ").append(Arrays.stream(method.getExceptionTypes()).map(Class::getName)
                    .collect(Collectors.joining(", ")));
        }
        s.append(" {\n        ");
        StringBuilder call = new StringBuilder(field).append('.').append(method.getName()).append('(');
        for (int i = 0; i < rawParameters.length; i++) {
            call.append(i > 0 ? ", " : "");
            if (WRAPPED.containsKey(rawParameters[i])) {
                call.append("VendorBacked.vendorOf(a").append(i).append(", ").append(rawParameters[i].getName())
                        .append(".class)");
            } else if (rawParameters[i] == Object.class) {
                call.append("VendorBacked.vendorOfObject(a").append(i).append(')');
            } else if (rawParameters[i] == Object[].class) {
                call.append("VendorBacked.vendorOfEach(a").append(i).append(')');
            } else {
                call.append('a').append(i);
            }
        }
        call.append(')');
        Class<?> returns = method.getReturnType();
        String name = method.getName();
        if (resultSet && ROW_CHANGES.containsKey(name) && rawParameters.length == 0) {
            s.append("state.checks.rowChange(").append(field).append(", \"").append(ROW_CHANGES.get(name))
                    .append("\");\n        ").append(call).append(";\n");
        } else if (returns == void.class) {
            s.append(call).append(";\n");
        } else if (name.equals("getConnection") && returns == Connection.class && rawParameters.length == 0) {
            s.append("return delegates.connection();\n");
        } else if (resultSet && name.equals("getStatement") && rawParameters.length == 0) {
            s.append("return owner;\n");
        } else if (iface == DatabaseMetaData.class && name.equals("getURL")) {
            s.append("return delegates.url();\n");
        } else if (returns == ResultSet.class) {
            s.append("return delegates.resultSet(").append(call).append(", ").append(statement ? "this" : "null")
                    .append(");\n");
        } else if (WRAPPED.containsKey(returns)) {
            s.append("return delegates.").append(WRAPPED.get(returns)).append('(').append(call).append(");\n");
        } else if (returns == Object.class && typeParameters.length == 0) {
            s.append("return delegates.object(").append(call).append(");\n");
        } else if (returns == Object.class) {
            s.append("return delegates.object(").append(call).append(", a").append(parameterOfType(rawParameters))
                    .append(");\n");
        } else if (java.sql.Wrapper.class.isAssignableFrom(returns) || returns.getPackageName().equals("java.sql")
                && returns.isInterface() && returns != java.sql.RowId.class && returns != java.sql.SQLType.class) {
            throw new IllegalStateException(iface.getName() + "." + name + " returns " + returns.getName()
                    + ", which jdbc-guard does not know how to wrap: teach DelegateFactory and this generator");
        } else if (returns == Object[].class) {
            s.append("return delegates.objects(").append(call).append(");\n");
        } else {
            s.append("return ").append(call).append(";\n");
        }
        s.append("    }\n\n");
        return s.toString();
    }

    private static int parameterOfType(Class<?>[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == Class.class) {
                return i;
            }
        }
        throw new IllegalStateException("a generic method without a Class parameter");
    }

    private static String typeParameter(TypeVariable<Method> variable) {
        String bounds = Arrays.stream(variable.getBounds()).filter(bound -> bound != Object.class)
                .map(GenerateDelegatingJdbc::typeName).collect(Collectors.joining(" & "));
        return variable.getName() + (bounds.isEmpty() ? "" : " extends " + bounds);
    }

    private static String typeName(Type type) {
        return type.getTypeName().replace('$', '.');
    }
}
