package io.portcullis.api;

import io.portcullis.runtime.TrustMaterialEventStream;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events, public like the CRL: each event's data is the reason the CA bundle or the CRL
 * changed ({@code revocation}, {@code crl-refresh}, ...); {@code connected} and {@code keepalive} carry none.
 * Open streams are bounded per replica and per client address ({@link EventStreamSlots}): 429 beyond.
 */
@Path("/api/v1/events")
public class EventsResource {

    @Inject
    TrustMaterialEventStream events;

    @Inject
    EventStreamSlots slots;

    @Inject
    HttpClientAddress clientAddress;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events() {
        Runnable release = slots.take(clientAddress.current().orElse("unknown"));
        return events.stream().onTermination().invoke(release);
    }
}
