package io.portcullis.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcTargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "jdbc:postgresql://127.0.0.1:5432/portcullis, 127.0.0.1, 5432, portcullis, true",
            "jdbc:postgresql://localhost/portcullis_dev?sslmode=disable, localhost, 5432, portcullis_dev, true",
            "jdbc:postgresql://db.internal:6543/ca, db.internal, 6543, ca, false"})
    void readsPlainUrls(String url, String host, int port, String database, boolean loopback) {
        JdbcTarget target = JdbcTarget.parse(url).orElseThrow();
        assertThat(target.host()).isEqualTo(host);
        assertThat(target.port()).isEqualTo(port);
        assertThat(target.database()).isEqualTo(database);
        assertThat(target.isLoopback()).isEqualTo(loopback);
        assertThat(target.maintenanceUrl()).isEqualTo("jdbc:postgresql://" + host + ":" + port + "/postgres");
    }

    /** What it cannot read plainly is left to the datasource as configured; a name is never quoted into SQL. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "jdbc:mysql://127.0.0.1/portcullis",
            "jdbc:postgresql://127.0.0.1:5432/",
            "jdbc:postgresql://127.0.0.1:5432/bad\"name",
            "jdbc:postgresql://127.0.0.1:5432/x;DROP",
            "jdbc:postgresql://a:1,b:2/portcullis",
            "jdbc:postgresql:portcullis"})
    void leavesOtherUrlsAlone(String url) {
        assertThat(JdbcTarget.parse(url)).isEmpty();
    }
}
