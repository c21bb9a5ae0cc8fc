package io.portcullis.ca;

/** Key algorithms a generated CA may use, named as in {@code PORTCULLIS_CA_KEY_ALGORITHM}. */
public enum CaKeyAlgorithm implements Labelled {
    EC_P256("EC-P256"),
    EC_P384("EC-P384"),
    RSA_2048("RSA-2048"),
    RSA_3072("RSA-3072"),
    RSA_4096("RSA-4096");

    private final String label;

    CaKeyAlgorithm(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isRsa() {
        return label.startsWith("RSA");
    }

    /** Parses a configuration value such as {@code EC-P256}. */
    public static CaKeyAlgorithm fromLabel(String label) {
        return Labelled.find(CaKeyAlgorithm.class, label).orElseThrow(() -> new IllegalArgumentException(
                "unknown CA key algorithm '" + label + "', expected one of " + Labelled.labels(CaKeyAlgorithm.class)));
    }
}
