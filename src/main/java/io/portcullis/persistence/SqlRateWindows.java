package io.portcullis.persistence;

import io.agroal.api.AgroalDataSource;
import io.portcullis.ca.RateWindow;
import io.portcullis.ca.RateWindows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@link RateWindows} in the {@code rate_limit_windows} table: one {@code INSERT … ON CONFLICT … DO UPDATE
 * … RETURNING} per hit, on its own pooled connection in autocommit, outside any request transaction (a
 * refused request's hit still counts). Windows start on the database's clock, so replicas whose clocks
 * differ count into the same window.
 */
@ApplicationScoped
public class SqlRateWindows implements RateWindows {

    private static final Logger LOG = Logger.getLogger(SqlRateWindows.class);
    /** A counter is not worth waiting for: past this the caller falls back to its local limit. */
    static final int QUERY_TIMEOUT_SECONDS = 2;
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    static final String HIT = """
            WITH t AS (SELECT extract(epoch FROM clock_timestamp()) AS now)
            INSERT INTO rate_limit_windows AS w (key, window_seconds, window_start, hits, previous_hits)
            SELECT ?, ?, (floor(t.now / ?) * ?)::bigint, 1, 0 FROM t
            ON CONFLICT (key) DO UPDATE SET
                previous_hits = CASE
                    WHEN w.window_seconds <> EXCLUDED.window_seconds THEN 0
                    WHEN w.window_start = EXCLUDED.window_start THEN w.previous_hits
                    WHEN w.window_start = EXCLUDED.window_start - EXCLUDED.window_seconds THEN w.hits
                    ELSE 0 END,
                hits = CASE WHEN w.window_seconds = EXCLUDED.window_seconds AND w.window_start = EXCLUDED.window_start
                    THEN w.hits + 1 ELSE 1 END,
                window_seconds = EXCLUDED.window_seconds,
                window_start = EXCLUDED.window_start
            RETURNING hits, previous_hits, (SELECT now FROM t) - window_start AS elapsed""";

    /** A row whose window and the one after it have both passed counts nothing any more. */
    static final String PURGE = "DELETE FROM rate_limit_windows"
            + " WHERE window_start + 2 * window_seconds < extract(epoch FROM clock_timestamp())";

    private final AgroalDataSource dataSource;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    @Inject
    public SqlRateWindows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<RateWindow> hit(String key, long windowSeconds) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(HIT)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, key);
            ps.setLong(2, windowSeconds);
            ps.setLong(3, windowSeconds);
            ps.setLong(4, windowSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new RateWindow(rs.getLong("hits"), rs.getLong("previous_hits"),
                        rs.getDouble("elapsed"), windowSeconds));
            }
        } catch (SQLException | RuntimeException e) {
            warn(e);
            return Optional.empty();
        }
    }

    @Override
    public int purge() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(PURGE)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            return ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            warn(e);
            return 0;
        }
    }

    /** One line a minute at most: during an outage every refused request would log otherwise. */
    private void warn(Exception e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Shared rate limits unreachable, each replica applies its own limits alone: %s", e.toString());
        }
    }
}
