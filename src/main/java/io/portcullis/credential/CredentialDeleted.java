package io.portcullis.credential;

import io.portcullis.ca.Actor;
import java.time.Instant;
import java.util.List;

/**
 * CDI event: a credential was deleted, fired inside the deleting transaction so that what the
 * credential handed out (enrollment tokens) dies in the same commit. An event rather than a call
 * keeps credentials free of the modules that build on them.
 *
 * @param credentialId the deleted credential
 * @param asCreator    the credential as it appears as the creator of what it made, in each of its roles
 * @param by           who deleted it
 * @param at           when
 */
public record CredentialDeleted(String credentialId, List<String> asCreator, Actor by, Instant at) {
}
