package io.portcullis.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading one string field of a service's compact JSON answer, for the tests that talk plain HTTP. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The first {@code "name":"value"} of {@code json}; fails the test when there is none. */
    public static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + json);
        }
        return m.group(1);
    }
}
