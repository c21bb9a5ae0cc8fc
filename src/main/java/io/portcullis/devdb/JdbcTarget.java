package io.portcullis.devdb;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server and database a {@code jdbc:postgresql://host:port/database} URL names, as far as the dev
 * database needs it. Anything it cannot read plainly (several hosts, a Unix socket, an odd name) is
 * left alone: {@link #parse} gives nothing and the service starts as configured.
 */
record JdbcTarget(String host, int port, String database) {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    static Optional<JdbcTarget> parse(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (uri.getHost() == null || !PLAIN_NAME.matcher(path).matches()) {
                return Optional.empty();
            }
            return Optional.of(new JdbcTarget(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The server's maintenance database, where {@code CREATE DATABASE} runs. */
    String maintenanceUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    /** An embedded server may only stand in for one on this machine. */
    boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + database;
    }
}
