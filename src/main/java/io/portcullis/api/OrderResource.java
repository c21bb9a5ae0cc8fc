package io.portcullis.api;

import io.portcullis.api.auth.CurrentActor;
import io.portcullis.api.auth.Roles;
import io.portcullis.api.dto.ApproveOrderRequest;
import io.portcullis.api.dto.OrderRequest;
import io.portcullis.api.dto.OrderResponse;
import io.portcullis.api.dto.PageResponse;
import io.portcullis.api.dto.Problem;
import io.portcullis.api.dto.RejectOrderRequest;
import io.portcullis.ca.ActiveCa;
import io.portcullis.ca.Actor;
import io.portcullis.ca.ErrorType;
import io.portcullis.ca.Pem;
import io.portcullis.enrollment.OrderStatus;
import io.portcullis.enrollment.OrderView;
import io.portcullis.enrollment.Orders;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * Orders, ACME-shaped: a device posts its CSR with its enrollment token and gets the certificate
 * at once or, while an administrator decides, a pending order with {@code Retry-After} to poll.
 */
@Path("/api/v1/orders")
public class OrderResource {

    @Inject
    Orders orders;

    @Inject
    ActiveCa activeCa;

    @Inject
    CurrentActor actor;

    @Inject
    ProblemMapper problems;

    @Inject
    SharedLimits sharedLimits;

    @Inject
    HttpClientAddress clientAddress;

    /** Orders from {@code {"csr": "<PEM>"}}. */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createJson(@Valid @NotNull(message = "a JSON body is required") OrderRequest body) {
        return create(body.csr().getBytes(StandardCharsets.US_ASCII));
    }

    /** Orders from a raw PEM or DER CSR, as {@code curl --data-binary @device.csr} sends it. */
    @POST
    @PermitAll
    @Consumes(MediaTypes.PKCS10)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createRaw(byte[] body) {
        return create(body);
    }

    private Response create(byte[] csr) {
        Actor caller = actor.orAnonymous();
        if (Orders.ANONYMOUS.equals(caller)) {
            if (!orders.acceptsAnonymous()) {
                throw new UnauthorizedException();
            }
            // the local bucket was taken before the body was read; this one holds across replicas
            sharedLimits.admitAnonymousOrder(clientAddress.current().orElse("unknown"));
        }
        OrderView view = orders.submit(csr, caller);
        return withRetryAfter(Response.status(Response.Status.CREATED), view)
                .header("Location", OrderResponse.url(view.order().id()))
                .entity(OrderResponse.of(view, activeCa.certificate()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The order; its own token, administrators and auditors may read it. */
    @GET
    @Path("/{id}")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        OrderView view = orders.get(id, actor.orAnonymous());
        return withRetryAfter(Response.ok(), view)
                .entity(OrderResponse.of(view, activeCa.certificate()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The PEM chain (leaf + CA); 409 {@code orderNotReady} while pending, 403 once invalid. */
    @GET
    @Path("/{id}/certificate")
    @PermitAll
    @Produces({MediaTypes.PEM_FILE, MediaTypes.PROBLEM_JSON})
    public Response certificate(@PathParam("id") String id) {
        OrderView view = orders.get(id, actor.orAnonymous());
        return switch (view.order().status()) {
            case VALID -> Response.ok(Pem.certificate(view.certificate().der()) + activeCa.certificate().pem(),
                    MediaTypes.PEM_FILE_TYPE).build();
            case PENDING -> Response.fromResponse(problems.problem(ErrorType.ORDER_NOT_READY,
                            "The order is pending an administrator's approval; retry later."))
                    .header("Retry-After", orders.retryAfterSeconds()).build();
            case INVALID -> {
                Problem error = OrderResponse.error(view.order());
                yield problems.problem(ErrorType.FORBIDDEN, error.detail());
            }
        };
    }

    /** Orders newest first, e.g. {@code ?status=pending} for the approval queue. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Produces(MediaType.APPLICATION_JSON)
    public PageResponse<OrderResponse> list(@QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        var found = orders.list(status, page, size).map(OrderResponse::summary);
        return new PageResponse<>(found.items(), found.total(), found.page(), found.size());
    }

    /** Issues a pending order's certificate; a second approval answers 409 and issues nothing. */
    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public OrderResponse approve(@PathParam("id") String id, ApproveOrderRequest body) {
        return OrderResponse.of(orders.approve(id, body == null ? null : body.lifetime(), actor.get()),
                activeCa.certificate());
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public OrderResponse reject(@PathParam("id") String id, RejectOrderRequest body) {
        return OrderResponse.of(orders.reject(id, body == null ? null : body.reason(), actor.get()),
                activeCa.certificate());
    }

    private Response.ResponseBuilder withRetryAfter(Response.ResponseBuilder builder, OrderView view) {
        return view.order().status() == OrderStatus.PENDING ? builder.header("Retry-After", orders.retryAfterSeconds())
                : builder;
    }
}
