package io.portcullis.api;

import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.AuditEventResponse;
import io.portcullis.api.dto.PageResponse;
import io.portcullis.audit.AuditTrail;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The audit trail, newest first; administrators and auditors. */
@Path("/api/v1/audit")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditResource {

    @Inject
    AuditTrail audit;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PageResponse<AuditEventResponse> search(@QueryParam("action") String action,
            @QueryParam("since") String since,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        var found = audit.search(action, parseSince(since), page, size).map(AuditEventResponse::of);
        return new PageResponse<>(found.items(), found.total(), found.page(), found.size());
    }

    private static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new CaException(ErrorType.MALFORMED, "since must be an RFC 3339 instant such as 2026-01-31T12:00:00Z.");
        }
    }
}
