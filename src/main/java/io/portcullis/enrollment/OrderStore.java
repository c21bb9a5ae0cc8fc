package io.portcullis.enrollment;

import io.portcullis.ca.Page;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: orders. */
public interface OrderStore {

    void insert(Order order);

    Optional<Order> find(String id);

    /** Finds and row-locks an order until the transaction ends, so decisions on it serialise. */
    Optional<Order> findForUpdate(String id);

    void markValid(String id, BigInteger serial, String decidedBy, Instant at);

    void markRejected(String id, String reason, String decidedBy, Instant at);

    /** Marks every pending order whose expiry has passed invalid; returns their ids. */
    List<String> expirePending(Instant now);

    /**
     * Pending, unexpired orders that {@code createdBy} made, counted under a lock held until the transaction
     * ends, so concurrent submissions cannot all pass the same count.
     */
    long lockAndCountPending(String createdBy, Instant now);

    /** Deletes invalid (rejected or expired) orders decided or expired before {@code before}; returns how many. */
    int purgeInvalid(Instant before);

    /** Orders newest first, without their CSRs (empty); {@code status} (as of {@code now}) is optional. */
    Page<Order> search(OrderStatus status, Instant now, int page, int size);
}
