package io.portcullis.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct access to the local PostgreSQL for assertions ("no row was left behind") and for making
 * fresh databases for tests that start their own service processes.
 */
public final class Database {

    public static final String HOST = System.getenv().getOrDefault("PORTCULLIS_TEST_PGHOST", "127.0.0.1:5432");
    /** The database the {@code @QuarkusTest} application uses; a worktree may pick its own. */
    public static final String TEST_DB = System.getenv().getOrDefault("PORTCULLIS_TEST_DB", "portcullis_test");

    private Database() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** Runs a query returning one number, on the test database. */
    public static long count(String sql, Object... params) {
        return count(TEST_DB, sql, params);
    }

    public static long count(String database, String sql, Object... params) {
        try (Connection c = connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Every value of the first column. */
    public static List<String> strings(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public static void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Drops and recreates a database named after the test database and {@code suffix}, for a
     * service process that must start on an empty one; returns its name.
     */
    public static String fresh(String suffix) {
        String database = TEST_DB + "_" + suffix;
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        execute("postgres", "CREATE DATABASE " + database);
        return database;
    }
}
