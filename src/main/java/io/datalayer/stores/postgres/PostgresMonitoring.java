package io.datalayer.stores.postgres;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Defaults;
import io.datalayer.secrets.SecretRequirement;
import java.util.regex.Pattern;

/**
 * What PostgreSQL's metrics exporter needs when the environment's monitoring is on: the role it logs
 * in as, the Vault secret holding that role's password, and the exporter's image. Every component may
 * be {@code null} to take its default.
 *
 * @param role          the PostgreSQL role the exporter logs in as: LOGIN, member of {@code pg_monitor}
 *                      and nothing else; default {@code monitoring}
 * @param secret        the Vault secret holding that role's password; default {@link #SECRET}
 * @param exporterImage the prometheus-community postgres exporter, pinned; default {@link #EXPORTER_IMAGE}
 */
public record PostgresMonitoring(String role, SecretRequirement secret, String exporterImage) {
    /** The secret L2 writes for the exporter's PostgreSQL role (its own path: the exporter reads nothing else). */
    public static final SecretRequirement SECRET = SecretRequirement.of("postgres-monitoring", "password").withMinLength(16);
    /** prometheus-community/postgres_exporter 0.17.1 (2025-02-26), the release this layer was written against. */
    public static final String EXPORTER_IMAGE = "quay.io/prometheuscommunity/postgres-exporter:v0.17.1";
    /** A role name the sync script can write into SQL without quoting surprises. */
    private static final Pattern ROLE = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    public PostgresMonitoring {
        role = Defaults.or(role, "monitoring");
        if (!ROLE.matcher(role).matches() || role.startsWith("pg_")) {
            throw new IllegalArgumentException("PostgresMonitoring.role \"" + role + "\" is not a plain role"
                    + " name; use at most 63 lowercase letters, digits and '_', not starting with a digit or pg_");
        }
        secret = Defaults.or(secret, SECRET);
        secret.onlyKey("PostgresMonitoring.secret", "the monitoring role's password");
        exporterImage = Checks.pinnedImage("PostgresMonitoring.exporterImage", Defaults.or(exporterImage, EXPORTER_IMAGE));
    }

    /** Every setting at its default. */
    public static PostgresMonitoring defaults() {
        return new PostgresMonitoring(null, null, null);
    }

    /** The key of {@link #secret} that holds the password. */
    public String secretKey() {
        return secret.keys().get(0); // exactly one: checked when the record was made
    }
}
