package com.example.reliable.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 between a service and one server, for breaking the network between
 * them without touching the server that other tests share:
 * <ul>
 * <li>{@link #cut()}: live connections are dropped and new ones refused, as if the server died;</li>
 * <li>{@link #restore()}: connections are accepted again on the same port;</li>
 * <li>{@link #dropConnections()}: live connections are dropped, new ones accepted;</li>
 * <li>{@link #holdReplies()}: the server's bytes are held back (not lost), as if it hung.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object replyGate = new Object();
    private volatile ServerSocket server;
    private volatile boolean holdingReplies;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = listen(0);
        this.port = server.getLocalPort();
        acceptInBackground(server);
    }

    /** Starts a proxy on a free loopback port that forwards to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start a proxy to " + targetHost + ":" + targetPort, ex);
        }
    }

    /** The loopback port to connect to instead of the server's. */
    public int port() {
        return port;
    }

    /** Refuses new connections and drops live ones. */
    public synchronized void cut() {
        closeQuietly(server);
        dropConnections();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (!server.isClosed()) {
            return;
        }
        try {
            server = listen(port);
            acceptInBackground(server);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not listen on port " + port + " again", ex);
        }
    }

    /** Drops every live connection; new ones are still accepted. */
    public void dropConnections() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Holds back everything the server sends until {@link #releaseReplies()}. */
    public void holdReplies() {
        holdingReplies = true;
    }

    public void releaseReplies() {
        synchronized (replyGate) {
            holdingReplies = false;
            replyGate.notifyAll();
        }
    }

    @Override
    public void close() {
        releaseReplies();
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptInBackground(ServerSocket listening) {
        daemon("tcp-proxy-" + port, () -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client.getInputStream(), upstream.getOutputStream(), false, client, upstream);
                    pump(upstream.getInputStream(), client.getOutputStream(), true, client, upstream);
                }
                catch (IOException ex) {
                    // listening socket closed by cut(), or the server refused: the client sees a closed connection
                }
            }
        });
    }

    private void pump(InputStream in, OutputStream out, boolean reply, Socket client, Socket upstream) {
        daemon("tcp-proxy-" + port + (reply ? "-reply" : "-request"), () -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (reply) {
                        awaitReleased();
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException | InterruptedException ex) {
                // one side closed: close the other too
            }
            finally {
                closeQuietly(client);
                closeQuietly(upstream);
                sockets.remove(client);
                sockets.remove(upstream);
            }
        });
    }

    private void awaitReleased() throws InterruptedException {
        synchronized (replyGate) {
            while (holdingReplies) {
                replyGate.wait();
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // already closed
        }
    }
}
