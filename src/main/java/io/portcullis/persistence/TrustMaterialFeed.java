package io.portcullis.persistence;

import io.portcullis.ca.trust.ChangeFeed;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN} on a connection of its own, outside the pool: a pooled connection would be
 * validated, recycled or borrowed by a request, and a listener must stay put. An empty wait ends with a
 * keep-alive query, so a connection the network dropped silently is noticed within seconds; after any
 * failure it reconnects every {@link #RECONNECT}, and every (re)connection runs the callback once for
 * what was announced while nobody listened.
 */
@ApplicationScoped
public class TrustMaterialFeed implements ChangeFeed {

    /** The channel {@link PanacheCrlStore} announces every stored CRL on. */
    static final String CHANNEL = "portcullis_trust_material";
    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration RECONNECT = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(TrustMaterialFeed.class);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile boolean listening;
    private volatile boolean stopping;
    private volatile Connection connection;
    private Thread thread;

    @Override
    public synchronized void start(Runnable onChange) {
        if (thread == null) {
            thread = new Thread(() -> listen(onChange), "trust-material-feed");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        listening = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.close(); // ends a wait in progress
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    private void listen(Runnable onChange) {
        boolean outage = false;
        while (!stopping) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (outage) {
                    LOG.info("Listening for other replicas' CRLs again");
                    outage = false;
                }
                refresh(onChange);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopping) {
                    PGNotification[] announced = pg.getNotifications((int) WAIT.toMillis());
                    if (announced != null && announced.length > 0) {
                        refresh(onChange); // one refresh for every announcement that arrived together
                    } else {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (stopping) {
                    return;
                }
                if (!outage) {
                    LOG.warnf("Not listening for other replicas' CRLs (polling meanwhile), reconnecting every %d s: %s",
                            RECONNECT.toSeconds(), e.getMessage());
                    outage = true;
                }
                pause();
            } finally {
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "portcullis-trust-material-feed");
        return DriverManager.getConnection(url, properties);
    }

    private static void refresh(Runnable onChange) {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            // the database failed between the announcement and the read: the CRL schedule retries
            LOG.debugf("refreshing after an announcement failed: %s", e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
