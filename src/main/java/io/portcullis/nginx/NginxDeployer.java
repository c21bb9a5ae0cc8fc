package io.portcullis.nginx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.ca.CaException;
import io.portcullis.ca.Hashes;
import io.portcullis.ca.Pem;
import io.portcullis.ca.trust.PublishedCrl;
import io.portcullis.ca.trust.TrustMaterial;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Keeps nginx's directory current: render the candidate files, validate them with {@code nginx -t},
 * swap them in by atomic renames, reload the running master and confirm. Unchanged content causes
 * no reload; a failure leaves the last good files (and nginx) as they were and is recorded in the
 * {@link #status() status}. An expired CRL is never deployed: nginx would refuse every device.
 */
@ApplicationScoped
public class NginxDeployer {

    private static final Logger LOG = Logger.getLogger(NginxDeployer.class);

    private final NginxConfigRenderer renderer;
    private final Nginx nginx;
    private final Clock clock;
    private final Counter reloads;
    private final Counter failures;
    private volatile NginxStatus status = NginxStatus.NEVER;

    @Inject
    public NginxDeployer(NginxConfigRenderer renderer, Nginx nginx, Clock clock, MeterRegistry registry) {
        this.renderer = renderer;
        this.nginx = nginx;
        this.clock = clock;
        this.reloads = Counter.builder("portcullis.nginx.reloads").description("Configurations nginx applied by a reload")
                .register(registry);
        this.failures = Counter.builder("portcullis.nginx.deploy.failures")
                .description("Deployments that failed and left the last good configuration in place").register(registry);
        Gauge.builder("portcullis.nginx.crl.seconds.until.next.update", this, NginxDeployer::secondsUntilNextUpdate)
                .description("Seconds until the CRL nginx uses expires; nginx refuses every device after that")
                .register(registry);
        Gauge.builder("portcullis.nginx.deployed", this, d -> d.status.lastSuccess() != null && d.status.error() == null ? 1 : 0)
                .description("1 when the latest deployment attempt succeeded, 0 when it failed or none succeeded yet")
                .register(registry);
    }

    public NginxStatus status() {
        return status;
    }

    /**
     * Deploys the trust material from {@code source}; never throws, the outcome is in the returned status.
     *
     * @param reason a short word for the log, e.g. {@code revocation}, {@code poll}, {@code api}
     */
    public synchronized NginxStatus deploy(NginxSettings settings, TrustMaterial source, String reason) {
        Instant now = clock.instant();
        try {
            String bundle = source.caBundlePem();
            List<String> fingerprints = fingerprints(bundle);
            Optional<PublishedCrl> crl = settings.ocsp() ? Optional.empty() : Optional.of(usableCrl(source, now));
            Map<String, byte[]> files = files(settings, settings.prefix(), bundle, crl);
            prepareDirectories(settings);
            Map<String, byte[]> previous = read(settings.prefix(), files.keySet());
            OptionalLong master = nginx.masterPid(settings);
            if (sameContent(files, previous)) {
                return succeed(now, crl, fingerprints, master, false);
            }
            Path candidates = settings.candidateDir();
            write(candidates, files(settings, candidates, bundle, crl));
            nginx.test(settings, candidates.resolve(NginxSettings.CONF));
            write(settings.prefix(), files);
            if (master.isPresent()) {
                try {
                    nginx.reload(settings, master.getAsLong());
                } catch (NginxException e) {
                    restore(settings.prefix(), previous);
                    throw e;
                }
                reloads.increment();
                LOG.infof("nginx reloaded (%s): CRL %s, master pid %d unchanged", reason,
                        crl.map(c -> c.number().toString()).orElse("not used (OCSP)"), master.getAsLong());
            } else {
                LOG.infof("nginx files written to %s (%s); nginx is not running", settings.prefix(), reason);
            }
            return succeed(now, crl, fingerprints, master, master.isPresent());
        } catch (NginxException | CaException | IOException | UncheckedIOException | IllegalArgumentException e) {
            return fail(now, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "nginx deployment (%s) failed unexpectedly", reason);
            return fail(now, "unexpected failure: " + e);
        }
    }

    /** Records a failure that happened before anything could be deployed, such as an unreachable CA. */
    public synchronized NginxStatus recordFailure(String error) {
        return fail(clock.instant(), error);
    }

    private PublishedCrl usableCrl(TrustMaterial source, Instant now) {
        PublishedCrl crl = source.currentCrl()
                .orElseThrow(() -> new NginxException("no CRL has been published yet, so nothing was deployed"));
        if (!crl.nextUpdate().isAfter(now)) {
            throw new NginxException("CRL " + crl.number() + " expired at " + crl.nextUpdate()
                    + "; it is not deployed because nginx would refuse every device");
        }
        return crl;
    }

    private Map<String, byte[]> files(NginxSettings settings, Path filesDir, String bundle, Optional<PublishedCrl> crl) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(NginxSettings.BUNDLE, bundle.getBytes(StandardCharsets.US_ASCII));
        crl.ifPresent(c -> files.put(NginxSettings.CRL, Pem.encode("X509 CRL", c.der()).getBytes(StandardCharsets.US_ASCII)));
        // the configuration last, so nginx never reads a new nginx.conf with old files
        files.put(NginxSettings.CONF, renderer.full(settings, filesDir).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static List<String> fingerprints(String bundle) {
        List<byte[]> certificates = Pem.decodeAll(bundle, "CERTIFICATE");
        if (certificates.isEmpty()) {
            throw new NginxException("the CA bundle holds no certificate");
        }
        return certificates.stream().map(Hashes::sha256Hex).toList();
    }

    private static void prepareDirectories(NginxSettings settings) throws IOException {
        for (String dir : List.of("logs", "tmp", "candidate")) {
            Files.createDirectories(settings.prefix().resolve(dir));
        }
    }

    private static Map<String, byte[]> read(Path dir, Iterable<String> names) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String name : names) {
            try {
                contents.put(name, Files.readAllBytes(dir.resolve(name)));
            } catch (NoSuchFileException e) {
                contents.put(name, null);
            }
        }
        return contents;
    }

    private static boolean sameContent(Map<String, byte[]> files, Map<String, byte[]> previous) {
        return files.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), previous.get(e.getKey())));
    }

    /** Each file is replaced by a rename, so nginx never reads a half-written one. */
    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Path temporary = dir.resolve("." + file.getKey() + ".new");
            Files.write(temporary, file.getValue());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restore(Path dir, Map<String, byte[]> previous) throws IOException {
        Map<String, byte[]> existing = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : previous.entrySet()) {
            if (file.getValue() == null) {
                Files.deleteIfExists(dir.resolve(file.getKey()));
            } else {
                existing.put(file.getKey(), file.getValue());
            }
        }
        write(dir, existing);
    }

    private NginxStatus succeed(Instant now, Optional<PublishedCrl> crl, List<String> fingerprints, OptionalLong master,
            boolean reloaded) {
        NginxStatus previous = status;
        status = new NginxStatus(now, now, crl.map(PublishedCrl::number).orElse(null),
                crl.map(PublishedCrl::nextUpdate).orElse(null), fingerprints, null, master.isPresent(),
                master.isPresent() ? master.getAsLong() : null, previous.reloads() + (reloaded ? 1 : 0));
        return status;
    }

    private NginxStatus fail(Instant now, String error) {
        failures.increment();
        LOG.warnf("nginx deployment failed, the last good configuration stays in place: %s", error);
        NginxStatus p = status;
        status = new NginxStatus(now, p.lastSuccess(), p.deployedCrlNumber(), p.deployedCrlNextUpdate(),
                p.caFingerprints(), error, p.nginxRunning(), p.masterPid(), p.reloads());
        return status;
    }

    private double secondsUntilNextUpdate() {
        Instant nextUpdate = status.deployedCrlNextUpdate();
        return nextUpdate == null ? Double.NaN : Duration.between(clock.instant(), nextUpdate).toSeconds();
    }
}
