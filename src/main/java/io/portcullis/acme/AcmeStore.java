package io.portcullis.acme;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: where ACME nonces, binding keys, accounts, orders and authorizations live. */
public interface AcmeStore {

    void insertNonce(String nonce, Instant expiresAt);

    /** Spends a nonce in one statement; false if it is unknown, spent or expired. */
    boolean consumeNonce(String nonce, Instant now);

    int purgeNonces(Instant now);

    void insertEabKey(EabKey key);

    Optional<EabKey> findEabKey(String kid);

    /** Binds an unused key to an account; false if it is bound already (one key, one account). */
    boolean bindEabKey(String kid, String accountId, Instant now);

    void insertAccount(AcmeAccount account);

    /** The account with its effective status: deactivated once its credential or token is deleted. */
    Optional<AcmeAccount> findAccount(String id);

    Optional<AcmeAccount> findAccountByThumbprint(String thumbprint);

    void updateContact(String id, List<String> contact);

    void deactivate(String id);

    /** Replaces the key; false if another account holds the new one. */
    boolean changeKey(String id, String jwk, String thumbprint);

    /** Inserts an order and one authorization per identifier (ids in the order's list). */
    void insertOrder(AcmeOrder order);

    Optional<AcmeOrder> findOrder(String id, boolean forUpdate);

    List<String> orderIds(String accountId);

    void markOrder(String id, String status, String enrollmentOrderId, BigInteger serial);

    /** The order an authorization belongs to and its identifier. */
    Optional<Authorization> findAuthorization(String id);

    /** The account whose order obtained the certificate, if an ACME order did. */
    Optional<String> accountOfCertificate(BigInteger serial);

    /** An authorization row. */
    record Authorization(String id, String orderId, Identifier identifier, Instant expiresAt) {
    }
}
