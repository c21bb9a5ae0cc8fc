package io.portcullis.nginx;

import java.nio.file.Path;
import java.util.OptionalLong;

/** The nginx this process manages: validate a configuration, find the master, apply a configuration. */
public interface Nginx {

    /**
     * Validates a configuration file as nginx would load it ({@code nginx -t}).
     *
     * @throws NginxException with nginx's own explanation when it is not valid
     */
    void test(NginxSettings settings, Path conf);

    /** The pid of the running master process, from the pid file, if that process is alive. */
    OptionalLong masterPid(NginxSettings settings);

    /**
     * Makes the running master load {@link NginxSettings#confFile()} and returns once new worker
     * processes serve it; the master process stays the same, so no connection is dropped.
     *
     * @throws NginxException when nginx could not be signalled or did not apply the configuration
     */
    void reload(NginxSettings settings, long masterPid);
}
