package io.portcullis.audit;

import io.portcullis.ca.Page;

/** Port: the append-only audit trail. */
public interface AuditStore {

    /** Appends an event within the caller's transaction. */
    void append(AuditEvent event);

    Page<AuditEvent> search(AuditQuery query);
}
