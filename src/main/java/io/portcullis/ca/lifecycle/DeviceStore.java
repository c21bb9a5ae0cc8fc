package io.portcullis.ca.lifecycle;

import io.portcullis.ca.Device;
import io.portcullis.ca.Page;
import io.portcullis.ca.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: devices and the device-wide writes of revocation, within the caller's transaction. */
public interface DeviceStore {

    Optional<Device> find(String id);

    /**
     * Locks a device until the transaction ends, so its renewals and revocations run one at a time
     * and each sees the certificates the previous one committed.
     */
    Optional<Device> lock(String id);

    /** Locks every device of a public key, in id order (so two revocations cannot deadlock). */
    List<Device> lockByKey(String spkiSha256);

    /** The certificate that renews {@code serial}, if one does. */
    Optional<BigInteger> successorOf(BigInteger serial);

    /**
     * Revokes every valid certificate of the device that is unexpired at {@code at}.
     *
     * @return the serials revoked
     */
    List<BigInteger> revokeCertificates(String deviceId, Instant at, RevocationReason reason, String revokedBy);

    /** Marks the device revoked; false if it already was. */
    boolean markRevoked(String deviceId, Instant at, RevocationReason reason);

    Page<Device> search(DeviceQuery query);

    /** The device's certificates, newest first. */
    List<BigInteger> certificates(String deviceId);
}
