package io.unstick.lab.bench.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The parts of an nginx configuration that keep every file nginx writes inside the run's folder (no root paths). */
final class NginxFiles {

    private NginxFiles() {
    }

    /** A folder of its own for one nginx: config, pid, logs, temp files. */
    static Path prefix(Path runDir, String name) {
        Path dir = runDir.resolve(name).toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    static String header(Path dir, int workers) {
        return """
                worker_processes %d;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 8192; }
                """.formatted(workers, dir, dir);
    }

    static String httpCommon(Path dir) {
        String tmp = dir.resolve("tmp").toString();
        return """
                    access_log off;
                    keepalive_requests 10000000;
                    keepalive_timeout 120s;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                """.formatted(tmp, tmp, tmp, tmp, tmp);
    }

    /** In the foreground, with the folder as prefix and the early error log there too. */
    static List<String> command(Path dir, Path conf) {
        return List.of(RequiredTools.path("nginx"), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString(), "-g", "daemon off;");
    }
}
