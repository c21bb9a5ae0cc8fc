package io.portcullis.acme;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.portcullis.support.Database;
import io.portcullis.support.Openssl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ACME orders, finalize through the issuance cycle, download, renewalInfo and revocation, with openssl CSRs. */
@QuarkusTest
class AcmeOrdersTest {

    static final String ACME = "urn:ietf:params:acme:error:";

    final Openssl openssl = Openssl.inTempDir();

    @BeforeEach
    void clean() {
        AcmeSession.reset();
    }

    @Test
    void anIssuerAccountObtainsAVerifiableClientCertificate() throws Exception {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        Response order = session.post("/acme/new-order", identifiers("dns", "dev1.acme.test"));
        assertThat(order.statusCode()).as(order.asString()).isEqualTo(201);
        assertThat(order.path("status").toString()).isEqualTo("ready");
        Response authz = session.post(AcmeSession.path(order.path("authorizations[0]")), "");
        assertThat(authz.path("status").toString()).isEqualTo("valid");
        assertThat(authz.path("identifier.value").toString()).isEqualTo("dev1.acme.test");

        Response finalized = finalize(session, order, "dev1", "/CN=dev1.acme.test", "DNS:dev1.acme.test");
        assertThat(finalized.statusCode()).as(finalized.asString()).isEqualTo(200);
        assertThat(finalized.path("status").toString()).isEqualTo("valid");
        Response chain = session.post(AcmeSession.path(finalized.path("certificate")), "");
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.contentType()).startsWith("application/pem-certificate-chain");
        assertThat(chain.asString().split("BEGIN CERTIFICATE", -1)).hasSize(3);
        openssl.write("chain.pem", chain.asString());
        openssl.write("ca.pem", given().get("/api/v1/ca/certificate").asString());
        assertThat(openssl.ok("verify", "-CAfile", "ca.pem", "chain.pem")).contains("chain.pem: OK");
        assertThat(openssl.ok("x509", "-in", "chain.pem", "-noout", "-ext", "extendedKeyUsage,subjectAltName"))
                .contains("TLS Web Client Authentication").contains("DNS:dev1.acme.test");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE common_name = 'dev1.acme.test' "
                + "AND issued_by LIKE 'issuer:%' AND device_id IS NOT NULL")).isEqualTo(1);

        // finalizing again issues nothing
        Response twice = finalize(session, order, "dev1b", "/CN=dev1.acme.test", "DNS:dev1.acme.test");
        assertThat(twice.path("type").toString()).isEqualTo(ACME + "orderNotReady");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE status = 'valid'", new Object[0]))
                .isEqualTo(1);
    }

    @Test
    void identifiersOutsideTheScopeAreRejectedAtNewOrderAndLeaveNoOrder() {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        for (String[] outside : List.of(new String[] {"dns", "dev1.other.test"}, new String[] {"ip", "192.0.2.7"},
                new String[] {"dns", "*.acme.test"})) {
            Response refused = session.post("/acme/new-order", identifiers(outside[0], outside[1]));
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
            assertThat(refused.path("type").toString()).isEqualTo(ACME + "rejectedIdentifier");
        }
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM acme_orders", new Object[0])).isZero();
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM audit_events WHERE action = 'order.created' "
                + "AND actor_role = 'issuer'", new Object[0])).isEqualTo(3);
    }

    @Test
    void aCsrMustNameExactlyTheOrdersIdentifiers() {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        Response order = session.post("/acme/new-order", identifiers("dns", "dev2.acme.test"));
        Response extra = finalize(session, order, "dev2", "/CN=dev2.acme.test", "DNS:dev2.acme.test,DNS:dev3.acme.test");
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(extra.path("type").toString()).isEqualTo(ACME + "badCSR");
        assertThat(session.post(AcmeSession.path(order.header("Location")), "").path("status").toString()).isEqualTo("ready");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates", new Object[0])).isZero();
    }

    @Test
    void renewalInfoByCertIdAndRevocationByTheCertificatesKey() throws Exception {
        AcmeSession session = AcmeSession.issuerAccount("*.acme.test");
        Response order = session.post("/acme/new-order", identifiers("dns", "dev4.acme.test"));
        Response finalized = finalize(session, order, "dev4", "/CN=dev4.acme.test", "DNS:dev4.acme.test");
        String pem = session.post(AcmeSession.path(finalized.path("certificate")), "").asString();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue("2.5.29.35")).getOctets()).getKeyIdentifierOctets();
        String certId = Base64URL.encode(aki) + "." + Base64URL.encode(certificate.getSerialNumber().toByteArray());
        given().get("/acme/renewal-info/" + certId).then().statusCode(200).header("Retry-After", "21600")
                .body("suggestedWindow.start", org.hamcrest.Matchers.notNullValue());
        given().get("/acme/renewal-info/AAAA." + Base64URL.encode(certificate.getSerialNumber().toByteArray()))
                .then().statusCode(404);

        String revoke = "{\"certificate\":\"" + Base64URL.encode(certificate.getEncoded()) + "\",\"reason\":4}";
        Response stranger = AcmeSession.issuerAccount("*.acme.test").post("/acme/revoke-cert", revoke);
        assertThat(stranger.statusCode()).isEqualTo(403);
        AcmeSession byKey = new AcmeSession(TestAccountKey.of(deviceKey("dev4", certificate)));
        Response revoked = byKey.postWithJwk("/acme/revoke-cert", revoke);
        assertThat(revoked.statusCode()).as(revoked.asString()).isEqualTo(200);
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE status = 'revoked' "
                + "AND revocation_reason = 'superseded'", new Object[0])).isEqualTo(1);
        Response again = session.post("/acme/revoke-cert", revoke);
        assertThat(again.path("type").toString()).isEqualTo(ACME + "alreadyRevoked");
        Response badReason = session.post("/acme/revoke-cert", revoke.replace("\"reason\":4", "\"reason\":7"));
        assertThat(badReason.path("type").toString()).isEqualTo(ACME + "badRevocationReason");
    }

    @Test
    void anEnrollmentTokensAccountObtainsTheTokensIdentityAndSpendsItsUse() {
        String token = given().header("Authorization", AcmeSession.ADMIN).contentType("application/json")
                .body(Map.of("commonName", "dev9.acme.test", "subjectAltNames", List.of("DNS:dev9.acme.test"), "uses", 1))
                .post("/api/v1/enrollment-tokens").then().statusCode(201).extract().path("id");
        AcmeSession session = AcmeSession.es256();
        assertThat(session.register(AcmeSession.eab("/api/v1/enrollment-tokens/" + token)).statusCode()).isEqualTo(201);
        assertThat(session.post("/acme/new-order", identifiers("dns", "dev8.acme.test")).statusCode()).isEqualTo(403);

        Response order = session.post("/acme/new-order", identifiers("dns", "dev9.acme.test"));
        // certbot's CSRs carry no common name: the token's is set
        Response finalized = finalize(session, order, "dev9", "/", "DNS:dev9.acme.test");
        assertThat(finalized.path("status").toString()).as(finalized.asString()).isEqualTo("valid");
        assertThat(Database.count(Database.TEST_DB, "SELECT count(*) FROM certificates WHERE common_name = 'dev9.acme.test' "
                + "AND issued_by = ?", "enrollment:" + token)).isEqualTo(1);
        assertThat(Database.count(Database.TEST_DB, "SELECT uses_left FROM enrollment_tokens WHERE id = ?", token)).isZero();

        Response spent = finalize(session, session.post("/acme/new-order", identifiers("dns", "dev9.acme.test")), "dev9b",
                "/", "DNS:dev9.acme.test");
        assertThat(spent.statusCode()).isEqualTo(401);
        assertThat(spent.path("type").toString()).isEqualTo(ACME + "unauthorized");
    }

    private Response finalize(AcmeSession session, Response order, String name, String subject, String sans) {
        Path csr = openssl.newCsr(name, "ec:P-256", subject, "-addext", "subjectAltName=" + sans);
        openssl.ok("req", "-in", csr.toString(), "-outform", "DER", "-out", name + ".der");
        String der = Base64URL.encode(openssl.readBytes(openssl.dir().resolve(name + ".der"))).toString();
        return session.post(AcmeSession.path(order.path("finalize")), "{\"csr\":\"" + der + "\"}");
    }

    private ECKey deviceKey(String name, X509Certificate certificate) throws Exception {
        openssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", name + ".key", "-outform", "DER", "-out", name + ".p8");
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Files.readAllBytes(openssl.dir().resolve(name + ".p8"))));
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) certificate.getPublicKey()).privateKey(key).build();
    }

    private static String identifiers(String type, String value) {
        return "{\"identifiers\":[{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}]}";
    }
}
