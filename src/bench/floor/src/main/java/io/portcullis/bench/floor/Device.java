package io.portcullis.bench.floor;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The floor's one entity: a row shaped like a small issuance record. */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    /** The device's name, its key. */
    @Id
    public String name;

    /** {@code valid} or {@code revoked}. */
    public String status;
}
