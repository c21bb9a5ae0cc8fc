package io.portcullis.enrollment;

import io.portcullis.ca.Labelled;

/** Whether an order made with a token is issued at once or waits for an administrator. */
public enum Approval implements Labelled {
    AUTO("auto"),
    MANUAL("manual");

    private final String label;

    Approval(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The approval named {@code label}, or {@code null}. */
    public static Approval fromLabel(String label) {
        return Labelled.find(Approval.class, label).orElse(null);
    }
}
