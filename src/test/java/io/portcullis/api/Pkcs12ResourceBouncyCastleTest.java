package io.portcullis.api;

import io.portcullis.support.BouncyCastleProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link Pkcs12ResourceTest} with device keys made by BouncyCastle: the bundles still open in OpenSSL, Java and NSS. */
@QuarkusTest
@TestProfile(BouncyCastleProfile.class)
class Pkcs12ResourceBouncyCastleTest extends Pkcs12ResourceTest {
}
