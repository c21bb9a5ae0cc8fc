/**
 * The dev profile's own database: {@code ./mvnw quarkus:dev} on a fresh machine creates the
 * configured database when the server lacks it, and starts an embedded PostgreSQL when no server
 * answers on a loopback URL. Nothing here runs in the prod or test profiles.
 */
package io.portcullis.devdb;
