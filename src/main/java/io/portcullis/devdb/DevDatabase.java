package io.portcullis.devdb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Makes the configured database exist before the datasource and Flyway start: a server that answers
 * gets the database created when it lacks it; where nothing answers on a loopback address an
 * {@link EmbeddedPostgres} is started on that very port, with its data kept under {@code .portcullis/}
 * in the working directory. A URL it cannot help with is left to fail as configured.
 */
final class DevDatabase {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);
    /** SQLState of {@code CREATE DATABASE} losing a race with another start. */
    private static final String DUPLICATE_DATABASE = "42P04";

    private DevDatabase() {
    }

    static void prepare(String url, String user, String password, Path workingDirectory) {
        JdbcTarget target = JdbcTarget.parse(url).orElse(null);
        if (target == null) {
            LOG.debugf("Dev database: %s is not a plain PostgreSQL URL; leaving it as configured", url);
            return;
        }
        if (!answers(target)) {
            if (!target.isLoopback()) {
                LOG.warnf("Dev database: no PostgreSQL answers at %s:%d, and an embedded one can only stand in on "
                        + "this machine (a loopback address)", target.host(), target.port());
                return;
            }
            EmbeddedPostgres.startOn(target.port(), workingDirectory.resolve(".portcullis"));
        }
        createIfMissing(target, user, password);
    }

    private static boolean answers(JdbcTarget target) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createIfMissing(JdbcTarget target, String user, String password) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password == null ? "" : password);
        try (Connection c = DriverManager.getConnection(target.maintenanceUrl(), credentials)) {
            if (exists(c, target.database())) {
                return;
            }
            try (Statement s = c.createStatement()) {
                // The name matched JdbcTarget's plain-identifier pattern, so quoting it is enough.
                s.execute("CREATE DATABASE \"" + target.database() + "\"");
                LOG.infof("Dev database: created database %s on %s:%d", target.database(), target.host(), target.port());
            }
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                LOG.warnf("Dev database: cannot make sure database %s exists: %s", target, e.getMessage());
            }
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
