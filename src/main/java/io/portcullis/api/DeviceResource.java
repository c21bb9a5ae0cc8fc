package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.DeviceResponse;
import io.portcullis.api.dto.DeviceRevocationResponse;
import io.portcullis.api.dto.PageResponse;
import io.portcullis.api.dto.RevokeRequest;
import io.portcullis.ca.CaException;
import io.portcullis.ca.Device;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Page;
import io.portcullis.ca.RevocationReason;
import io.portcullis.ca.lifecycle.Devices;
import io.portcullis.ca.lifecycle.Revocations;
import io.portcullis.ca.trust.ActiveCa;
import io.portcullis.credential.CredentialScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;

/**
 * Devices: the lineage of one key's certificates. Administrators and auditors see every device,
 * issuers those within their names; administrators and issuers (within their names) revoke them.
 */
@Path("/api/v1/devices")
public class DeviceResource {

    @Inject
    Devices devices;

    @Inject
    Revocations revocations;

    @Inject
    CurrentActor actor;

    @Inject
    ActiveCa activeCa;

    @Inject
    Clock clock;

    /** Newest first, filtered by status ({@code active}, {@code expired}, {@code revoked}) and a name. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER, Roles.AUDITOR})
    @Produces(MediaType.APPLICATION_JSON)
    public PageResponse<DeviceResponse> list(@QueryParam("status") String status, @QueryParam("name") String name,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        Page<Device> found = devices.search(status, name, DeviceScopes.patterns(scope()), page, size);
        Instant now = clock.instant();
        return new PageResponse<>(found.items().stream().map(d -> DeviceResponse.summary(d, now)).toList(), found.total(),
                found.page(), found.size());
    }

    /** One device with its certificates, newest first. */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER, Roles.AUDITOR})
    @Produces(MediaType.APPLICATION_JSON)
    public DeviceResponse get(@PathParam("id") String id) {
        Devices.Lineage lineage = devices.lineage(visible(id));
        return DeviceResponse.of(lineage.device(), lineage.certificates(), activeCa.certificate(), clock.instant());
    }

    /**
     * Revokes every unexpired certificate of the device (for keyCompromise, of its key in any device)
     * and answers once they and the CRL listing them are committed.
     */
    @POST
    @Path("/{id}/revoke")
    @RolesAllowed({Roles.ADMIN, Roles.ISSUER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DeviceRevocationResponse revoke(@PathParam("id") String id, RevokeRequest body) {
        RevocationReason reason = RevocationReason.fromName(body == null ? null : body.reason());
        Device device = visible(id);
        return DeviceRevocationResponse.of(device.id(), revocations.revokeDevice(device.id(), reason, actor.get()));
    }

    /** The device, if the caller may see it; a device beyond an issuer's names is as unknown as a missing one. */
    private Device visible(String id) {
        Device device = devices.get(id);
        if (!DeviceScopes.admits(scope(), device)) {
            throw new CaException(ErrorType.NOT_FOUND, "No device with id " + id + ".");
        }
        return device;
    }

    /** Auditors read everything; they carry no issuing scope. */
    private CredentialScope scope() {
        return Roles.AUDITOR.equals(actor.get().role()) ? CredentialScope.UNRESTRICTED
                : actor.scope();
    }
}
