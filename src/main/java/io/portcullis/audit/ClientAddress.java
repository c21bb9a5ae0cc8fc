package io.portcullis.audit;

import java.util.Optional;

/** Port: the network address of the client whose request is being served, if any. */
public interface ClientAddress {

    Optional<String> current();
}
