package io.portcullis.api.dto;

/**
 * The endpoint URLs, like an ACME directory (RFC 8555 section 7.1.1), so a client needs only the
 * base URL.
 */
public record DirectoryResponse(
        String newOrder,
        String caCertificate,
        String certificates,
        String enrollmentTokens,
        String credentials,
        String audit,
        String pkcs12,
        String enrollPage) {

    public static DirectoryResponse under(String base) {
        String root = base.replaceAll("/+$", "");
        String api = root + "/api/v1";
        return new DirectoryResponse(api + "/orders", api + "/ca/certificate", api + "/certificates",
                api + "/enrollment-tokens", api + "/credentials", api + "/audit", api + "/pkcs12", root + "/enroll");
    }
}
