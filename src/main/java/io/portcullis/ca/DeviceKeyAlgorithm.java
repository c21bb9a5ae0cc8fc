package io.portcullis.ca;

/** Key pairs the service generates for devices that cannot make their own (PKCS#12 bundles). */
public enum DeviceKeyAlgorithm implements Labelled {
    EC_P256("EC-P256"),
    RSA_2048("RSA-2048"),
    RSA_3072("RSA-3072");

    /** What a caller gets when it does not choose: small, fast and accepted everywhere that matters. */
    public static final DeviceKeyAlgorithm DEFAULT = EC_P256;

    private final String label;

    DeviceKeyAlgorithm(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The algorithm for a label such as {@code RSA-2048}; {@code null} or blank means the default. */
    public static DeviceKeyAlgorithm fromLabel(String label) {
        if (label == null || label.isBlank()) {
            return DEFAULT;
        }
        return Labelled.find(DeviceKeyAlgorithm.class, label).orElseThrow(() -> new CaException(ErrorType.MALFORMED,
                "keyAlgorithm must be one of " + labels() + "."));
    }

    static String labels() {
        return Labelled.labels(DeviceKeyAlgorithm.class);
    }
}
