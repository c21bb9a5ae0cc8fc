package io.portcullis.enrollment;

/** Whether an order made with a token is issued at once or waits for an administrator. */
public enum Approval {
    AUTO("auto"),
    MANUAL("manual");

    private final String label;

    Approval(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The approval named {@code label}, or {@code null}. */
    public static Approval fromLabel(String label) {
        for (Approval approval : values()) {
            if (approval.label.equals(label)) {
                return approval;
            }
        }
        return null;
    }
}
