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
 * JavassistProxyFactory): for each JDBC interface a class that implements every method by a plain call on the vendor
 * object, with no reflection at run time. Three kinds of methods are not plain calls:
 *
 * <ul>
 *   <li>methods that take SQL text to run ({@link #SQL_METHODS}): left abstract, so the hand-written Guarded* class
 *       must check them, and a new JDK method of that kind fails the build until it does;
 *   <li>methods returning a JDBC object (or an Object, which may be an Array, Struct, Blob...): the result is wrapped
 *       by the connection's {@code DelegateFactory}, so no vendor object is handed out;
 *   <li>methods taking a JDBC object: a delegate argument is given to the vendor as its own object again
 *       ({@code VendorBacked.vendorOf}).
 * </ul>
 * {@code unwrap} and {@code isWrapperFor} answer for the delegate itself, and reach the vendor object only on a
 * connection decided unguarded ({@code Checks.unwrap}, through the connection's {@code ConnectionState}).
 * Every root delegate holds both the factory ({@code delegates}) and the state ({@code state}), so no call goes
 * through the other to reach them.
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
     * One generated class: its interface, its name, and the hand-written or generated class it extends (null for a
     * root); the statements prepared from a text carry the text's analysis.
     */
    record Spec(Class<?> iface, String name, String superclass) {
        boolean prepared() {
            return PreparedStatement.class.isAssignableFrom(iface);
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec(Connection.class, "DelegatingConnection", null),
            new Spec(Statement.class, "DelegatingStatement", null),
            new Spec(PreparedStatement.class, "DelegatingPreparedStatement", "GuardedStatement"),
            new Spec(CallableStatement.class, "DelegatingCallableStatement", "GuardedPreparedStatement"),
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
        String field = "raw" + iface.getSimpleName();
        List<Method> methods = methods(spec);
        boolean isAbstract = methods.stream().anyMatch(GenerateDelegatingJdbc::isSqlMethod);
        boolean resultSet = iface == ResultSet.class;
        boolean statement = Statement.class.isAssignableFrom(iface);
        StringBuilder s = new StringBuilder();
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("/**\n * Generated by {@code guard-driver/src/build/GenerateDelegatingJdbc.java}: a {@link ")
                .append(iface.getName()).append("} that delegates to the vendor's object and wraps every JDBC object")
                .append(" it hands out.\n */\n");
        s.append("@SuppressWarnings({\"deprecation\", \"unchecked\"})\n");
        s.append(isAbstract ? "abstract " : "").append("class ").append(spec.name());
        s.append(spec.superclass() != null ? " extends " + spec.superclass() : "").append(" implements ")
                .append(iface.getName()).append(spec.superclass() == null ? ", VendorBacked" : "").append(" {\n");
        s.append("    /** The vendor's object. */\n");
        s.append("    final ").append(iface.getName()).append(' ').append(field).append(";\n");
        if (spec.superclass() == null) {
            s.append("    /** Wraps every JDBC object this one hands out. */\n");
            s.append("    final DelegateFactory delegates;\n");
            s.append("    /** The connection's state: what it checks before a request reaches the vendor. */\n");
            s.append("    final ConnectionState state;\n");
        }
        if (resultSet) {
            s.append("    /** The guarded statement that produced this result set, or null. */\n");
            s.append("    final java.sql.Statement owner;\n");
        }
        s.append('\n');
        String ctorType = iface.getName();
        boolean analysed = spec.prepared() && !iface.equals(PreparedStatement.class);
        s.append("    ").append(spec.name()).append('(').append(ctorType)
                .append(" raw, DelegateFactory delegates, ConnectionState state")
                .append(resultSet ? ", java.sql.Statement owner" : "")
                .append(analysed ? ", String sql, io.jdbcguard.rules.Analysis analysis" : "").append(") {\n");
        if (spec.superclass() != null) {
            s.append("        super(raw, delegates, state").append(analysed ? ", sql, analysis" : "").append(");\n");
        } else {
            s.append("        this.delegates = delegates;\n");
            s.append("        this.state = state;\n");
        }
        s.append("        this.").append(field).append(" = raw;\n");
        if (resultSet) {
            s.append("        this.owner = owner;\n");
        }
        s.append("    }\n\n");
        if (spec.superclass() == null) {
            s.append("    @Override\n    public final Object vendorObject() {\n        return ").append(field)
                    .append(";\n    }\n\n");
            if (java.sql.Wrapper.class.isAssignableFrom(iface)) {
                s.append("    @Override\n    public final <T> T unwrap(Class<T> iface) throws java.sql.SQLException {\n")
                        .append("        if (iface.isInstance(this)) {\n            return iface.cast(this);\n")
                        .append("        }\n        return state.checks.unwrap(").append(field)
                        .append(", iface);\n    }\n\n");
                s.append("    @Override\n    public final boolean isWrapperFor(Class<?> iface) throws java.sql.SQLException {\n")
                        .append("        return iface.isInstance(this) || state.checks.isWrapperFor(").append(field)
                        .append(", iface);\n    }\n\n");
            }
            s.append("    @Override\n    public String toString() {\n        return \"jdbc-guard[\" + ").append(field)
                    .append(" + \"]\";\n    }\n\n");
        }
        for (Method method : methods) {
            if (isSqlMethod(method)) {
                continue;
            }
            s.append(method(method, field, statement, resultSet, iface));
        }
        s.append("}\n");
        return s.toString();
    }

    /** The interface's methods this class must implement: all of them for a root, its own ones below a parent. */
    private static List<Method> methods(Spec spec) {
        Class<?> iface = spec.iface();
        Class<?> parent = spec.superclass() == null ? null : SPECS.stream()
                .filter(other -> other.name().equals(spec.superclass())
                        || ("Guarded" + other.name().substring("Delegating".length())).equals(spec.superclass()))
                .map(Spec::iface).findFirst().orElseThrow();
        return Arrays.stream(iface.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getDeclaringClass() != java.sql.Wrapper.class && m.getDeclaringClass() != AutoCloseable.class
                        || m.getName().equals("close"))
                .filter(m -> parent == null || !declaredIn(parent, m))
                .filter(m -> !(m.getName().equals("close") && parent != null))
                .collect(Collectors.toMap(GenerateDelegatingJdbc::signature, m -> m, (a, b) -> a))
                .values().stream()
                .filter(m -> !m.getName().equals("unwrap") && !m.getName().equals("isWrapperFor"))
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
