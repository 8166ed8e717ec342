package io.datalayer.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A PostgreSQL client that knows only MD5 password authentication, speaking the wire protocol
 * (v3) directly: libpq 15 cannot be told to offer MD5 only. It sends a startup message, records
 * which authentication the server asks for, answers with an MD5 password message whatever was
 * asked, and records the server's reply.
 */
public final class ScramOnlyProbe {
    private ScramOnlyProbe() {
    }

    /**
     * @param authRequest the code of the server's first authentication request (5 MD5, 3 cleartext, 10 SASL)
     * @param mechanisms  the SASL mechanisms offered, when it was SASL
     * @param reply       the type of the server's message after the MD5 answer ('E' error, 'R' more auth)
     * @param message     the error's text, if any
     */
    public record Outcome(int authRequest, List<String> mechanisms, char reply, String message) {
    }

    public static Outcome offerMd5(String host, int port, String user, String password) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(new byte[] {0, 3, 0, 0});
            for (String s : List.of("user", user, "database", "postgres", "")) {
                body.write(s.getBytes(StandardCharsets.UTF_8));
                body.write(0);
            }
            out.writeInt(body.size() + 4);
            out.write(body.toByteArray());
            out.flush();

            char type = (char) in.readByte();
            byte[] payload = new byte[in.readInt() - 4];
            in.readFully(payload);
            if (type != 'R') {
                return new Outcome(-1, List.of(), type, new String(payload, StandardCharsets.UTF_8));
            }
            int code = ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
            List<String> mechanisms = new ArrayList<>();
            if (code == 10) {
                int start = 4;
                for (int i = 4; i < payload.length; i++) {
                    if (payload[i] == 0) {
                        if (i > start) {
                            mechanisms.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                        }
                        start = i + 1;
                    }
                }
            }
            // An MD5-only client's answer: "md5" + md5(md5(password + user) + salt); it has no salt to use.
            byte[] md5 = ("md5" + md5Hex(md5Hex(password + user))).getBytes(StandardCharsets.UTF_8);
            out.writeByte('p');
            out.writeInt(md5.length + 1 + 4);
            out.write(md5);
            out.writeByte(0);
            out.flush();
            char reply = (char) in.readByte();
            byte[] rest = new byte[in.readInt() - 4];
            in.readFully(rest);
            return new Outcome(code, mechanisms, reply, new String(rest, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException e) {
            throw new UncheckedIOException("MD5 probe of " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
