package io.datalayer.stores.postgres;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Mount;

/**
 * The PostgreSQL role the metrics exporter logs in as, and the Secret holding its password. The
 * server's password-sync sidecar creates the role, keeps it at LOGIN + {@code pg_monitor} and nothing
 * more, and keeps its password equal to the Secret; the exporter reads the same Secret as a file.
 *
 * @param role       the role's name (validated by {@link PostgresMonitoring#role()})
 * @param secretName the Secret ESO writes from the monitoring secret in Vault
 * @param key        the Secret's key holding the password
 */
public record MonitoringRole(String role, String secretName, String key) {
    public MonitoringRole {
        Checks.requireValue("MonitoringRole.role", role);
        Checks.dnsSubdomain("MonitoringRole.secretName", secretName);
        Checks.requireValue("MonitoringRole.key", key);
    }

    /** The role of an environment's monitoring settings, its Secret named after the server ({@code <server>-monitoring}). */
    public static MonitoringRole of(PostgresMonitoring monitoring, PostgresProps server) {
        return new MonitoringRole(monitoring.role(), server.name() + "-monitoring", monitoring.secretKey());
    }

    /** The password as the read-only file {@code password} in {@value PasswordSync#MONITORING_SECRET_DIR}. */
    public Mount mount() {
        return Mount.secretKey("monitoring", secretName, key, "password", PasswordSync.MONITORING_SECRET_DIR);
    }
}
