package io.unstick.lab.compare.faults.partition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a shop node in {@link NetworkCutIT}, run as its own process: it listens on a "member" and an
 * "HTTP" port and connects out to another "member". On every connection it echoes each line, writes it to
 * standard output ({@code got <line>}), and sends a {@code beat} line of its own every 200 ms, as a member's
 * heartbeats do. Loopback only; it ends by itself after two minutes if nobody stops it.
 */
public final class LoopbackPeer {

    private LoopbackPeer() {
    }

    /** Arguments: the other member's port to connect to, this peer's member port, this peer's HTTP port. */
    public static void main(String[] args) throws IOException {
        daemon(() -> {
            sleep(120_000);
            System.exit(0);
        });
        listen(Integer.parseInt(args[1]));
        listen(Integer.parseInt(args[2]));
        serve(new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
    }

    private static void listen(int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (true) {
                try {
                    Socket socket = server.accept();
                    daemon(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void serve(Socket socket) {
        daemon(() -> {
            while (send(socket, "beat")) {
                sleep(200);
            }
        });
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (System.out) {
                    System.out.println("got " + line);
                    System.out.flush();
                }
                send(socket, line);
            }
        } catch (IOException e) {
            // the test closed the connection
        }
    }

    private static boolean send(Socket socket, String line) {
        synchronized (socket) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
