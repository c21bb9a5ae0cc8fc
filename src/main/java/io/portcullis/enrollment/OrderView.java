package io.portcullis.enrollment;

import io.portcullis.ca.CertificateRecord;

/** An order as of now, with its certificate once valid ({@code null} otherwise). */
public record OrderView(Order order, CertificateRecord certificate) {
}
