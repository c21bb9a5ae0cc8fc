package io.portcullis.acme;

import io.portcullis.api.auth.CurrentActor;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What the two external account binding endpoints share: the key store, the caller, and the once-only answer. */
abstract class EabKeyResource {

    @Inject
    EabKeys keys;

    @Inject
    CurrentActor actor;

    /** 201 with the key, never cached: the response is the only place the HMAC key ever appears. */
    static Response created(EabKeys.Issued issued) {
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(issued).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
