package io.portcullis.persistence;

import io.portcullis.ca.FailureClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;

/**
 * The one classification of database failures, for the problem mapper (through
 * {@link FailureClassifier}) and the group-commit ledger alike: unavailable (retry shortly) or a
 * row PostgreSQL refused (that request's own fault); anything else is internal.
 */
@ApplicationScoped
public class DatabaseFailures implements FailureClassifier {

    /**
     * Besides connection exceptions (class 08), PostgreSQL's ways of saying "not now": shutting down
     * or crashed (57P01, 57P02), still starting or recovering (57P03), out of connection slots (53300).
     */
    static final Set<String> UNAVAILABLE_SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Agroal's message (without a SQLState) when no pooled connection frees up within the acquisition timeout. */
    static final String ACQUISITION_TIMEOUT = "Sorry, acquisition timeout!";

    @Override
    public boolean unavailable(Throwable failure) {
        return isUnavailable(failure);
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LedgerFailure ledger && ledger.unavailable()
                    || t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailableState(sql.getSQLState())
                    || sql.getSQLState() == null && ACQUISITION_TIMEOUT.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** A value of a row that PostgreSQL refuses (SQLState classes 22 and 23), not a failing database or connection. */
    static boolean refusedRow(Throwable failure) {
        return failure instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
    }

    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_SQL_STATES.contains(state));
    }
}
