package io.portcullis.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.ca.SubjectAltName.Type;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectAltNameTest {

    static Stream<Arguments> parsed() {
        return Stream.of(
                Arguments.of("DNS:door.home.example", Type.DNS, "door.home.example"),
                Arguments.of("dns:Door.Home.Example", Type.DNS, "door.home.example"),
                Arguments.of("door.home.example", Type.DNS, "door.home.example"),
                Arguments.of("Door.Home.Example", Type.DNS, "door.home.example"),
                Arguments.of("*.home.example", Type.DNS, "*.home.example"),
                Arguments.of("IP:192.0.2.7", Type.IP, "192.0.2.7"),
                Arguments.of("192.0.2.7", Type.IP, "192.0.2.7"),
                Arguments.of("2001:db8::7", Type.IP, "2001:db8::7"),
                Arguments.of("::1", Type.IP, "::1"),
                Arguments.of("email:Door@Home.example", Type.EMAIL, "Door@Home.example"),
                Arguments.of("EMAIL:a@b.example", Type.EMAIL, "a@b.example"),
                Arguments.of("URI:https://home.example/Door?x=1", Type.URI, "https://home.example/Door?x=1"),
                Arguments.of("uri:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", Type.URI,
                        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
                // a bare value with a colon is an address only if it looks like one; otherwise it stays a
                // DNS candidate that validation refuses, never a mislabelled IP
                Arguments.of("https://home.example", Type.DNS, "https://home.example"),
                Arguments.of("foo:bar", Type.DNS, "foo:bar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsed")
    void parses(String text, Type type, String value) {
        assertThat(SubjectAltName.parse(text)).isEqualTo(new SubjectAltName(type, value));
    }

    @Test
    void printsAsOpensslDoesAndParsesBack() {
        for (String text : new String[] {"DNS:door.example", "IP:192.0.2.7", "email:a@b.example", "URI:https://x.example/"}) {
            assertThat(SubjectAltName.parse(text).toString()).isEqualTo(text);
            assertThat(SubjectAltName.parse(SubjectAltName.parse(text).toString())).isEqualTo(SubjectAltName.parse(text));
        }
    }
}
