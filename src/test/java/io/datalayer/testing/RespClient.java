package io.datalayer.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary-safe Redis client speaking RESP2 over TCP, for tests that need key names and values no
 * command line can carry (NUL, invalid UTF-8, CR LF). Replies: {@code byte[]} for bulk and simple
 * strings, {@code Long} for integers, {@code List<Object>} for arrays, {@code null} for nil; an
 * error reply throws {@link ReplyError}.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply from the server. */
    public static final class ReplyError extends RuntimeException {
        public ReplyError(String message) {
            super(message);
        }
    }

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port} and authenticates as {@code user}. */
    public static RespClient connect(int port, String user, String password) {
        try {
            RespClient c = new RespClient(new Socket("127.0.0.1", port));
            c.socket.setSoTimeout(60_000);
            c.call("AUTH", user, password);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Redis on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** One command; each argument is a {@code byte[]} or anything whose text is the argument. */
    public Object call(Object... args) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object a : args) {
                byte[] bytes = a instanceof byte[] raw ? raw : a.toString().getBytes(StandardCharsets.UTF_8);
                b.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                b.write(bytes);
                b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(b.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis connection failed: " + e.getMessage(), e);
        }
    }

    /** A reply as text (bulk or simple string), or {@code null}. */
    public String text(Object... args) {
        Object r = call(args);
        return r == null ? null : r instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : r.toString();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line.getBytes(StandardCharsets.UTF_8);
            case '-':
                throw new ReplyError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n);
                in.readNBytes(2);
                return data;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(read());
                    } catch (ReplyError e) {
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test connection
        }
    }
}
