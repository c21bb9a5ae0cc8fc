package io.portcullis.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.ca.ErrorType;
import io.portcullis.persistence.DatabaseFailures;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures {@link ProblemMapper} answers with 503 and Retry-After rather than 500. */
class DatabaseUnavailableTest {

    private final ProblemMapper mapper = mapper();

    @Test
    void connectionFailuresAndPostgresqlNotNowStatesAreUnavailableAnywhereInTheCauseChain() {
        assertUnavailable(new SQLTransientConnectionException("pool exhausted"));
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03", "53300"}) {
            assertUnavailable(new IllegalStateException("wrapped", new SQLException("from the driver", state)));
        }
    }

    @Test
    void otherDatabaseErrorsAreInternal() {
        for (String state : new String[] {"23505", "42P01", "57014", "40001"}) {
            assertInternal(new SQLException("from the driver", state));
        }
        assertInternal(new IllegalStateException("a bug"));
    }

    private void assertUnavailable(Throwable failure) {
        Response response = mapper.unexpected(failure);
        assertThat(response.getStatus()).as(failure.toString()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo(String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS));
        assertThat(response.getEntity().toString()).contains(ErrorType.UNAVAILABLE.title())
                .contains("The database is unavailable; retry in a few seconds.");
    }

    private void assertInternal(Throwable failure) {
        Response response = mapper.unexpected(failure);
        assertThat(response.getStatus()).as(failure.toString()).isEqualTo(500);
        assertThat(response.getHeaderString("Retry-After")).isNull();
        assertThat(response.getEntity().toString()).contains("incident").doesNotContain("from the driver");
    }

    private static ProblemMapper mapper() {
        ProblemMapper mapper = new ProblemMapper();
        mapper.json = new ObjectMapper();
        mapper.failures = new DatabaseFailures();
        return mapper;
    }
}
