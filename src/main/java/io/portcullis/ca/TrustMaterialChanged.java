package io.portcullis.ca;

/**
 * CDI event: the CA bundle or the CRL changed (a revocation, a scheduled CRL refresh, a CA renewal).
 * Fired inside the publishing transaction; observe it with {@code TransactionPhase.AFTER_SUCCESS}.
 *
 * @param reason a short word for logs and status, e.g. {@code revocation}, {@code crl-refresh}
 */
public record TrustMaterialChanged(String reason) {
}
