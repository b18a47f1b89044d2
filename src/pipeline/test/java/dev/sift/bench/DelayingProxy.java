package dev.sift.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP proxy on loopback that holds every chunk a client sends for a fixed time before passing
 * it on: each HTTP request then takes that much longer to answer, as a GetObject does when S3 is
 * a network round trip away rather than on loopback. Only for benchmarks.
 */
final class DelayingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final URI target;
    private final long delayMillis;

    DelayingProxy(URI target, long delayMillis) throws IOException {
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.target = target;
        this.delayMillis = delayMillis;
        daemon(this::accept, "proxy-accept");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                daemon(() -> pump(client, upstream, delayMillis), "proxy-up");
                daemon(() -> pump(upstream, client, 0), "proxy-down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, long delayMillis) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed the connection
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
