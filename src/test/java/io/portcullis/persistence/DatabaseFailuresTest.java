package io.portcullis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.portcullis.support.Database;
import io.portcullis.support.Ports;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/**
 * The one classification of database failures, with the real driver and pool where they can be
 * made to fail: a refused connection and an exhausted pool are unavailable, a refused row is the
 * request's own, anything else internal.
 */
class DatabaseFailuresTest {

    private final DatabaseFailures failures = new DatabaseFailures();

    @Test
    void aRefusedConnectionFromTheDriverIsUnavailable() {
        SQLException refused = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/none?connectTimeout=5", "postgres", ""));
        assertThat(refused.getSQLState()).startsWith("08");
        assertThat(failures.unavailable(new IllegalStateException("wrapped", refused))).isTrue();
    }

    @Test
    void anExhaustedPoolIsUnavailable() throws SQLException {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1).acquisitionTimeout(Duration.ofMillis(200))
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(Database.jdbcUrl(Database.TEST_DB))
                                .principal(new NamePrincipal("postgres"))));
        try (AgroalDataSource pool = AgroalDataSource.from(config); Connection held = pool.getConnection()) {
            SQLException exhausted = catchThrowableOfType(SQLException.class, pool::getConnection);
            assertThat(failures.unavailable(exhausted)).as(exhausted.toString()).isTrue();
        }
    }

    @Test
    void postgresqlNotNowStatesAndConnectionExceptionsAreUnavailable() {
        for (String state : new String[] {"08000", "08003", "08006", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(failures.unavailable(new RuntimeException(new SQLException("down", state)))).as(state).isTrue();
        }
        assertThat(failures.unavailable(new SQLTransientConnectionException("timed out"))).isTrue();
        assertThat(failures.unavailable(new JDBCConnectionException("lost", new SQLException("lost")))).isTrue();
        assertThat(failures.unavailable(LedgerFailure.unavailable("the service stopped"))).isTrue();
    }

    @Test
    void otherFailuresAreNotUnavailable() {
        for (String state : new String[] {"57P04", "57014", "40001", "42P01", "23505", "22001", "53200"}) {
            assertThat(failures.unavailable(new SQLException("no", state))).as(state).isFalse();
        }
        assertThat(failures.unavailable(new SQLException("no state"))).isFalse();
        assertThat(failures.unavailable(new LedgerFailure("the issuance was not recorded", new IllegalStateException()))).isFalse();
        assertThat(failures.unavailable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void onlyDataAndConstraintStatesAreARefusedRow() {
        for (String state : new String[] {"22001", "22P02", "23502", "23505"}) {
            assertThat(DatabaseFailures.refusedRow(new SQLException("refused", state))).as(state).isTrue();
        }
        for (String state : new String[] {"08006", "40001", "42P01"}) {
            assertThat(DatabaseFailures.refusedRow(new SQLException("other", state))).as(state).isFalse();
        }
        assertThat(DatabaseFailures.refusedRow(new SQLException("no state"))).isFalse();
        assertThat(DatabaseFailures.refusedRow(new RuntimeException(new SQLException("wrapped", "23505"))))
                .as("only the batch's own exception decides the retry one by one").isFalse();
    }
}
