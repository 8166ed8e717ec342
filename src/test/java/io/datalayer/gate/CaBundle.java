package io.datalayer.gate;

import java.io.File;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/** A CA bundle of public certificates, as a ConfigMap would carry it: the JDK's own trust store, as PEM. */
final class CaBundle {
    private CaBundle() {
    }

    /** {@code count} PEM certificates (the JDK's, repeated when it holds fewer), one after the other. */
    static String pem(int count) {
        try {
            KeyStore store = KeyStore.getInstance(new File(System.getProperty("java.home"), "lib/security/cacerts"),
                    (char[]) null);
            List<String> aliases = new ArrayList<>(Collections.list(store.aliases()));
            Collections.sort(aliases);
            Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < count; i++) {
                Certificate cert = store.getCertificate(aliases.get(i % aliases.size()));
                out.append("# ").append(aliases.get(i % aliases.size())).append('\n')
                        .append("-----BEGIN CERTIFICATE-----\n").append(mime.encodeToString(cert.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the JDK's trust store", e);
        }
    }
}
