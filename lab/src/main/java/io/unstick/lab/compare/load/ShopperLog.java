package io.unstick.lab.compare.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every request of every shopper and what its answer revealed, one line each with the wall-clock time, so a lost or
 * resurrected item, a divergent answer, a session reset or a failed request can be traced back through the shopper's
 * own history and matched with the nodes' and the balancer's logs of the same run ({@code logs/<mode>/shoppers.log}
 * next to {@code node1.log}...). About 100 bytes a request: a default run writes a megabyte or two per mode.
 *
 * <pre>
 * 09:10:08.606 shopper 22 session 2BA5BA55 POST /api/cart/items {productId=tamper, quantity=2} → 503 node1 2008 ms: failed
 * 09:10:11.513 shopper 22 session 2BA5BA55 GET /api/cart → 200 node1 13 ms: ok
 * 09:10:11.513 shopper 22 session 2BA5BA55 GET /api/cart → 200 node1 13 ms: cart differs: lost 0, resurrected 0, extra 2
 *              (expected {aeropress=3, tamper=2}, shown {aeropress=3, tamper=4})
 * </pre>
 */
public final class ShopperLog implements AutoCloseable {

    /** Writes nothing (unit tests, warm-up-only runs). */
    public static final ShopperLog NONE = new ShopperLog(null);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final BufferedWriter out;

    private ShopperLog(BufferedWriter out) {
        this.out = out;
    }

    public static ShopperLog to(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new ShopperLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shoppers' log " + file + ": " + e.getMessage(), e);
        }
    }

    /** One request or finding of one shopper; {@code session} may be null (no session yet). */
    void write(int shopper, String session, String what) {
        if (out == null) {
            return;
        }
        String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).format(TIME) + " shopper " + shopper
                + " session " + (session == null ? "-" : session.substring(0, Math.min(8, session.length()))) + " " + what;
        synchronized (this) {
            try {
                out.write(line);
                out.newLine();
            } catch (IOException e) {
                // the log is an aid for tracing, never a reason to stop shopping; its end says it is incomplete
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more can be done: what was flushed is there
            }
        }
    }
}
