package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.ca.AttributeType;
import io.portcullis.ca.SubjectName;
import io.portcullis.ca.SubjectName.Attribute;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed subject encoder: values are strings of their type's ASN.1 string type, never parsed. */
class X500NamesTest {

    private final X500Names names = new X500Names();

    @ParameterizedTest
    @ValueSource(strings = {"#0c0a61646d696e2e636f7270", "#zz", "CN=admin,O=root", "a+b", "\\#x", " padded ", "ünïcødé"})
    void aCommonNameIsWrittenAsTheLiteralUtf8String(String text) {
        X500Name name = X500Name.getInstance(names.encode(SubjectName.ofCommonName(text)));

        assertThat(name.getRDNs()).hasSize(1);
        ASN1Encodable value = name.getRDNs()[0].getFirst().getValue();
        assertThat(value).isInstanceOf(DERUTF8String.class);
        assertThat(((DERUTF8String) value).getString()).isEqualTo(text);
        assertThat(name.getRDNs()[0].getFirst().getType()).isEqualTo(BCStyle.CN);
    }

    @Test
    void eachTypeGetsItsStringTypeInDerOrder() {
        SubjectName subject = new SubjectName(List.of(new Attribute(AttributeType.C, "DE"),
                new Attribute(AttributeType.O, "Example"), new Attribute(AttributeType.EMAIL_ADDRESS, "a@b.example"),
                new Attribute(AttributeType.CN, "door.example")));

        RDN[] rdns = X500Name.getInstance(names.encode(subject)).getRDNs();

        assertThat(rdns).hasSize(4);
        assertThat(rdns[0].getFirst().getValue()).isInstanceOf(DERPrintableString.class);
        assertThat(rdns[1].getFirst().getValue()).isInstanceOf(DERUTF8String.class);
        assertThat(rdns[2].getFirst().getValue()).isInstanceOf(DERIA5String.class);
        assertThat(rdns[3].getFirst().getType()).isEqualTo(BCStyle.CN);
        assertThat(names.decode(names.encode(subject))).isEqualTo(subject);
    }

    @Test
    void theEmptySubjectIsAnEmptySequence() {
        assertThat(X500Name.getInstance(names.encode(SubjectName.EMPTY)).getRDNs()).isEmpty();
        assertThat(SubjectName.ofCommonName(null)).isEqualTo(SubjectName.EMPTY);
    }

    @Test
    void decodingRefusesUnknownTypesMultiValuedRdnsAndNonStrings() {
        X500Name postal = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.POSTAL_CODE, new DERUTF8String("1")).build();
        assertThatThrownBy(() -> X500Names.fromX500Name(postal)).hasMessageContaining("2.5.4.17").hasMessageContaining("not supported");

        X500Name multi = new X500NameBuilder(BCStyle.INSTANCE).addMultiValuedRDN(new AttributeTypeAndValue[] {
            new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("a")),
            new AttributeTypeAndValue(BCStyle.O, new DERUTF8String("b"))}).build();
        assertThatThrownBy(() -> X500Names.fromX500Name(multi)).hasMessageContaining("multi-valued");

        X500Name notString = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, new ASN1ObjectIdentifier("1.2.3")).build();
        assertThatThrownBy(() -> X500Names.fromX500Name(notString)).hasMessageContaining("not a string");
    }

    @Test
    void valuesAreCheckedForTheirType() {
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "x".repeat(65))).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "")).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "   ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "a\u0000b")).hasMessageContaining("control");
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "a\nb")).hasMessageContaining("control");
        assertThatThrownBy(() -> new Attribute(AttributeType.CN, "a\ud800b")).hasMessageContaining("cannot be encoded");
        assertThatThrownBy(() -> new Attribute(AttributeType.C, "de")).hasMessageContaining("country code");
        assertThatThrownBy(() -> new Attribute(AttributeType.C, "DEU")).hasMessageContaining("1 to 2");
        assertThatThrownBy(() -> new Attribute(AttributeType.SERIAL_NUMBER, "a_b")).hasMessageContaining("only letters");
        assertThatThrownBy(() -> new Attribute(AttributeType.EMAIL_ADDRESS, "ü@x.example")).hasMessageContaining("ASCII");
        assertThat(new Attribute(AttributeType.CN, "\ud83d\udd11 key").value()).isEqualTo("\ud83d\udd11 key");
    }

    @Test
    void anOperatorsRfc4514StringIsSplitNotParsedAsDer() {
        SubjectName ca = SubjectName.fromRfc4514("CN=Portcullis Root CA, O=Example\\, Inc.,C=DE");
        assertThat(ca.attributes()).containsExactly(new Attribute(AttributeType.C, "DE"),
                new Attribute(AttributeType.O, "Example, Inc."), new Attribute(AttributeType.CN, "Portcullis Root CA"));
        assertThat(SubjectName.fromRfc4514("CN=a=b").commonName()).contains("a=b");

        assertThatThrownBy(() -> SubjectName.fromRfc4514("CN=#0c0a61646d696e2e636f7270")).hasMessageContaining("hex");
        assertThatThrownBy(() -> SubjectName.fromRfc4514("CN=a+O=b")).hasMessageContaining("multi-valued");
        assertThatThrownBy(() -> SubjectName.fromRfc4514("XX=a")).hasMessageContaining("unknown attribute type");
        assertThatThrownBy(() -> SubjectName.fromRfc4514("just text")).hasMessageContaining("not TYPE=value");
        assertThatThrownBy(() -> SubjectName.fromRfc4514("CN=a,,O=b")).hasMessageContaining("not TYPE=value");
    }

    @Test
    void onlyAnAttributeBeyondOneCommonNameIsReported() {
        assertThat(SubjectName.ofCommonName("door.example").firstBeyondCommonName()).isEmpty();
        assertThat(SubjectName.EMPTY.firstBeyondCommonName()).isEmpty();
        SubjectName withOu = new SubjectName(List.of(new Attribute(AttributeType.OU, "root"),
                new Attribute(AttributeType.CN, "door.example")));
        assertThat(withOu.firstBeyondCommonName()).contains(new Attribute(AttributeType.OU, "root"));
        SubjectName twoCns = new SubjectName(List.of(new Attribute(AttributeType.CN, "a"), new Attribute(AttributeType.CN, "b")));
        assertThat(twoCns.firstBeyondCommonName()).contains(new Attribute(AttributeType.CN, "b"));
    }
}
