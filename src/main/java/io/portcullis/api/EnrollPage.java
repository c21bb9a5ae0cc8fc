package io.portcullis.api;

import io.portcullis.ca.Actor;
import io.portcullis.ca.CaException;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.issuance.Pkcs12Profile;
import io.portcullis.enrollment.EnrollmentTokens;
import io.portcullis.enrollment.Orders;
import io.portcullis.enrollment.Pkcs12Bundles;
import io.portcullis.enrollment.Pkcs12Request;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /enroll}: a server-rendered page where a person pastes an enrollment token, chooses a
 * password and the kind of device, and downloads a PKCS#12 bundle. No JavaScript, no cookies, no
 * state; the token travels only in the POST body and is never echoed back. Errors re-render the
 * page, in words, with the status the API would give.
 */
@Path(EnrollPage.PATH)
public class EnrollPage {

    static final String PATH = "/enroll";

    /** Nothing but our own stylesheet and a form posting to ourselves; never framed. */
    static final String CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    /** A kind of device and the bundle format it reads. */
    public record DeviceKind(String key, String label, Pkcs12Profile profile) {
    }

    static final List<DeviceKind> KINDS = List.of(
            new DeviceKind("firefox", "Firefox (any system)", Pkcs12Profile.MODERN),
            new DeviceKind("chromium-linux", "Chrome or Chromium on Linux", Pkcs12Profile.MODERN),
            new DeviceKind("windows", "Windows (Edge, Chrome)", Pkcs12Profile.LEGACY),
            new DeviceKind("macos", "Mac (Safari, Chrome)", Pkcs12Profile.LEGACY),
            new DeviceKind("ios", "iPhone or iPad", Pkcs12Profile.LEGACY),
            new DeviceKind("android", "Android", Pkcs12Profile.LEGACY));

    @Inject
    @Location("enroll.html")
    Template page;

    @Inject
    EnrollmentTokens tokens;

    @Inject
    Pkcs12Bundles bundles;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response form() {
        return render(Response.Status.OK.getStatusCode(), null, null, null);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.TEXT_HTML, Pkcs12Responses.PKCS12})
    public Response submit(@FormParam("token") String token, @FormParam("password") String password,
            @FormParam("confirm") String confirm, @FormParam("device") String device) {
        DeviceKind kind = KINDS.stream().filter(k -> k.key().equals(device)).findFirst().orElse(null);
        if (kind == null) {
            return render(400, "device", "Choose the kind of device, so the bundle has a format it can read.", null);
        }
        if (password != null && !password.isEmpty() && !password.equals(confirm)) {
            return render(400, "password", "The two passwords differ; type the same password twice.", device);
        }
        try {
            Pkcs12Request request = Pkcs12Request.of(password, null, kind.profile().label(), null);
            Actor holder = tokens.resolve(token == null ? "" : token.trim())
                    .map(t -> new Actor(t.id(), Orders.ENROLLMENT_ROLE))
                    .orElseThrow(() -> new CaException(ErrorType.UNAUTHENTICATED, "unknown token"));
            return Response.fromResponse(Pkcs12Responses.created(bundles.forToken(request, holder)))
                    .status(Response.Status.OK).header("Content-Security-Policy", CSP).build();
        } catch (CaException refused) {
            return switch (refused.type()) {
                case MALFORMED -> render(400, "password", refused.detail(), device);
                case UNAUTHENTICATED -> render(401, "token", "This enrollment token is not valid: it is mistyped, "
                        + "used up, expired or deleted. Ask for a new one.", device);
                case FORBIDDEN -> render(403, "token", "This enrollment token needs an administrator's approval, so "
                        + "it cannot be used on this page. Ask for a token with automatic approval.", device);
                default -> render(refused.type().status(), "token", refused.detail(), device);
            };
        }
    }

    private Response render(int status, String errorField, String error, String device) {
        String html = page.data("kinds", KINDS).data("error", error).data("errorField", errorField == null ? "" : errorField)
                .data("device", device == null ? "" : device).render();
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                // X-Content-Type-Options and Referrer-Policy come from the service-wide headers
                .header("Content-Security-Policy", CSP)
                .header("Cache-Control", "no-store")
                .build();
    }
}
