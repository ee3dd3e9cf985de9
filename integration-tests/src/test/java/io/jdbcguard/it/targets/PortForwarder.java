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
 * to a remote address. It can be re-pointed (new connections go elsewhere, as a tunnel restarted against another
 * server) and frozen (no byte moves either way and nothing is closed, as a network cut looks to both ends). Daemon
 * threads; {@link #close()} stops accepting.
 */
public final class PortForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private volatile InetSocketAddress remote;
    private volatile boolean frozen;

    /**
     * @param remoteHost where to forward to
     * @param remotePort the remote port
     * @throws IOException if no local port can be opened
     */
    public PortForwarder(String remoteHost, int remotePort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.remote = new InetSocketAddress(remoteHost, remotePort);
        Thread acceptor = new Thread(this::accept, "port-forward-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the local port on 127.0.0.1 */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Sends connections accepted from now on to another address; open ones stay where they are.
     *
     * @param remoteHost the new remote host
     * @param remotePort the new remote port
     */
    public void repoint(String remoteHost, int remotePort) {
        remote = new InetSocketAddress(remoteHost, remotePort);
    }

    /**
     * Stops every byte in both directions on every open connection, and a close on one side no longer reaches the
     * other (a cut network delivers no FIN either).
     */
    public void freeze() {
        frozen = true;
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

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    while (frozen) {
                        Thread.sleep(50);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other end is gone: pass it on below, unless frozen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!frozen) {
                closeQuietly(to);
            }
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

    /** Stops accepting connections. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
