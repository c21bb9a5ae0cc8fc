package io.portcullis.persistence;

import io.portcullis.ca.IssuanceIntent;
import io.portcullis.ca.IssuanceLedger;
import java.math.BigInteger;
import java.util.Optional;

/** What both ledgers' reservations know: the intent, whether its serial was reserved, and a compromised key's reporter. */
abstract class IntentReservation implements IssuanceLedger.Reservation {

    final IssuanceIntent intent;
    // the group commit's committer sets them before it completes the entry's write, which publishes them
    boolean reserved;
    BigInteger compromisedBy;

    IntentReservation(IssuanceIntent intent) {
        this.intent = intent;
    }

    @Override
    public boolean reserved() {
        return reserved;
    }

    @Override
    public Optional<BigInteger> compromisedBy() {
        return Optional.ofNullable(compromisedBy);
    }

    /** The refusal of a completion without an open reservation (none was made, or it is already done). */
    IllegalStateException notOpen() {
        return new IllegalStateException("no open reservation for serial " + intent.serial().toString(16));
    }
}
