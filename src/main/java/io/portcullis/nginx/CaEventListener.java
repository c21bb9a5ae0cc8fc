package io.portcullis.nginx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The sidecar's subscription to the CA's {@code GET /api/v1/events}: every event other than a
 * keepalive (including the one sent on connecting) triggers a sync at once. It reconnects after any
 * failure; the periodic poll keeps working meanwhile, and covers changes published by other replicas.
 */
final class CaEventListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(CaEventListener.class);
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    private final URI eventsUrl;
    private final Runnable onChange;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CaEventListener(String caUrl, Runnable onChange) {
        this.eventsUrl = URI.create(caUrl.replaceAll("/+$", "") + "/api/v1/events");
        this.onChange = onChange;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(eventsUrl)
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    try (Stream<String> lines = response.body()) {
                        lines.filter(line -> line.startsWith("data:"))
                                .map(line -> line.substring("data:".length()).trim())
                                .filter(data -> !"keepalive".equals(data))
                                .forEach(data -> onChange.run());
                    }
                } else {
                    response.body().close();
                    LOG.debugf("the CA answered %d for %s", response.statusCode(), eventsUrl);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf("event stream from %s interrupted: %s", eventsUrl, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(RECONNECT_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
