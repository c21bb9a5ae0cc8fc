package io.portcullis.api;

import io.portcullis.enrollment.Pkcs12Bundle;
import jakarta.ws.rs.core.Response;

/** The download of a PKCS#12 bundle, shared by the API and the enrollment page. */
final class Pkcs12Responses {

    static final String PKCS12 = "application/x-pkcs12";
    static final int MAX_FILE_NAME = 64;

    private Pkcs12Responses() {
    }

    /** 201 with the bundle as an attachment named after the common name; never cached. */
    static Response created(Pkcs12Bundle bundle) {
        return Response.status(Response.Status.CREATED)
                .entity(bundle.pkcs12())
                .type(PKCS12)
                .header("Content-Disposition", "attachment; filename=\"" + fileName(bundle.certificate().commonName()) + "\"")
                .header("Location", "/api/v1/certificates/" + bundle.certificate().serialHex())
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * {@code <cn>.p12} with everything but letters, digits, dot, dash and underscore replaced, so a
     * common name cannot break out of the header or name a path.
     */
    static String fileName(String commonName) {
        String base = commonName == null ? "" : commonName.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
        if (base.length() > MAX_FILE_NAME) {
            base = base.substring(0, MAX_FILE_NAME);
        }
        return (base.isEmpty() ? "certificate" : base) + ".p12";
    }
}
