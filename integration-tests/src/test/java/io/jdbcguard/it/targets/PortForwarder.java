package io.jdbcguard.it.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A local TCP port forward, the stand-in for {@code ssh -L}: connections to 127.0.0.1 on {@link #port()} are piped
 * to a remote address. Daemon threads; {@link #close()} stops accepting.
 */
final class PortForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress remote;

    /**
     * @param remoteHost where to forward to
     * @param remotePort the remote port
     * @throws IOException if no local port can be opened
     */
    PortForwarder(String remoteHost, int remotePort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.remote = new InetSocketAddress(remoteHost, remotePort);
        Thread acceptor = new Thread(this::accept, "port-forward-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the local port on 127.0.0.1 */
    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket local = listener.accept();
                Socket far = new Socket();
                far.connect(remote, 5_000);
                pipe(local, far);
                pipe(far, local);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                closeQuietly(to);
            }
            closeQuietly(to);
        }, "port-forward-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            socket.isClosed();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
