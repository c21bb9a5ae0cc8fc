package io.portcullis.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** What a database failure means for the request that met it. */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** A value of a row that PostgreSQL refuses (SQLState classes 22 and 23), not a failing database or connection. */
    static boolean refusedRow(Throwable e) {
        return e instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
