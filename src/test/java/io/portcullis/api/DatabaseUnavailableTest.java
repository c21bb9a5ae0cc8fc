package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures {@link ProblemMapper} answers with 503 and Retry-After rather than 500. */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresAndPostgresqlNotNowStatesAreUnavailableAnywhereInTheCauseChain() {
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLTransientConnectionException("pool exhausted"))).isTrue();
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(ProblemMapper.isDatabaseUnavailable(
                    new IllegalStateException("wrapped", new SQLException("from the driver", state)))).as(state).isTrue();
        }
    }

    @Test
    void otherDatabaseErrorsAreInternal() {
        for (String state : new String[] {"23505", "42P01", "57014", "40001"}) {
            assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("from the driver", state))).as(state).isFalse();
        }
        assertThat(ProblemMapper.isDatabaseUnavailable(new IllegalStateException("a bug"))).isFalse();
    }
}
