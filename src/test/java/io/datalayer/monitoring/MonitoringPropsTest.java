package io.datalayer.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datalayer.app.Environments;
import io.datalayer.secrets.SecretRequirement;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MonitoringPropsTest {
    private static String error(Supplier<?> build) {
        return assertThrows(IllegalArgumentException.class, build::get).getMessage();
    }

    @Test
    void defaults() {
        MonitoringProps on = MonitoringProps.on();
        assertEquals(true, on.enabled());
        assertEquals("monitoring", on.prometheusNamespace());
        assertEquals(Map.of("app.kubernetes.io/name", "prometheus"), on.prometheusPodSelector());
        assertEquals(Map.of(), on.selectorLabels());
        assertEquals("30s", on.scrapeInterval());
        assertEquals("26h", on.backupMaxAge());
        assertEquals("6h", on.offsiteMaxAge());
        assertEquals("monitoring", on.postgresRole());
        assertEquals("secret/data/postgres-monitoring", on.postgresSecret().apiPath());
        assertEquals("password", on.postgresSecretKey());
        assertEquals("quay.io/prometheuscommunity/postgres-exporter:v0.17.1", on.postgresExporterImage());
        assertEquals(false, MonitoringProps.off().enabled());
        assertEquals("monitoring", on.redisUser());
        assertEquals("secret/data/redis-monitoring", on.redisSecret().apiPath());
        assertEquals("password", on.redisSecretKey());
        assertEquals(16, on.redisSecret().minLength());
        assertEquals("oliver006/redis_exporter:v1.89.0-alpine", on.redisExporterImage());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("MonitoringProps.backupMaxAge \"1.5d\" is not a positive Prometheus duration; use e.g. 30s, 26h or 1d12h"
                + " (units y w d h m s ms, largest first, no fractions)",
                error(() -> MonitoringProps.on().toBuilder().backupMaxAge("1.5d").build()));
        assertEquals("MonitoringProps.scrapeInterval \"0\" is not a positive Prometheus duration; use e.g. 30s, 26h or 1d12h"
                + " (units y w d h m s ms, largest first, no fractions)",
                error(() -> MonitoringProps.on().toBuilder().scrapeInterval("0").build()));
        assertEquals("MonitoringProps.offsiteMaxAge \"12m1h\" is not a positive Prometheus duration; use e.g. 30s, 26h or 1d12h"
                + " (units y w d h m s ms, largest first, no fractions)",
                error(() -> MonitoringProps.on().toBuilder().offsiteMaxAge("12m1h").build()));
        assertEquals("MonitoringProps.runbookUrl \"https://x.example/README.md#top\" is not an http(s) URL without a fragment;"
                + " give the README's address, the alerts add each section's anchor",
                error(() -> MonitoringProps.on().toBuilder().runbookUrl("https://x.example/README.md#top").build()));
        assertEquals("MonitoringProps.postgresRole \"Monitoring\" is not a plain role name; use at most 63 lowercase letters,"
                + " digits and '_', not starting with a digit or pg_",
                error(() -> MonitoringProps.on().toBuilder().postgresRole("Monitoring").build()));
        assertEquals("MonitoringProps.postgresRole \"pg_monitor\" is not a plain role name; use at most 63 lowercase letters,"
                + " digits and '_', not starting with a digit or pg_",
                error(() -> MonitoringProps.on().toBuilder().postgresRole("pg_monitor").build()));
        assertEquals("MonitoringProps.postgresSecret secret/data/m declares keys [user, password]; declare exactly one,"
                + " the monitoring role's password",
                error(() -> MonitoringProps.on().toBuilder().postgresSecret(SecretRequirement.of("m", "user", "password")).build()));
        assertEquals("MonitoringProps.redisUser \"Metrics\" is not a plain user name; use at most 32 lowercase letters,"
                + " digits, '_' and '-', starting with a letter",
                error(() -> MonitoringProps.on().toBuilder().redisUser("Metrics").build()));
        assertEquals("MonitoringProps.redisSecret secret/data/m declares keys [user, password]; declare exactly one,"
                + " the monitoring user's password",
                error(() -> MonitoringProps.on().toBuilder().redisSecret(SecretRequirement.of("m", "user", "password")).build()));
        assertEquals("MonitoringProps.prometheusPodSelector is empty, which would select every pod; set at least one label",
                error(() -> MonitoringProps.on().toBuilder().prometheusPodSelector(Map.of()).build()));
    }

    @Test
    void theMonitoringSecretIsNeverTheSuperusers() {
        assertEquals("MonitoringProps.postgresSecret is secret/data/postgres, the superuser's secret; give the monitoring role"
                + " a Vault path of its own, so the exporter's Secret never holds the superuser password",
                error(() -> Environments.prod().withMonitoring(MonitoringProps.on().toBuilder()
                        .postgresSecret(SecretRequirement.of("postgres", "password")).build())));
    }

    @Test
    void theRedisMonitoringSecretIsNeverAPathOfRedissOwnUsers() {
        for (String path : new String[] {"redis", "redis-app"}) {
            assertEquals("MonitoringProps.redisSecret is secret/data/" + path + ", a path of Redis's own users; give the"
                    + " monitoring user a Vault path of its own (KV v2 policies grant whole paths), so the exporter's Secret"
                    + " never holds the admin or app password",
                    error(() -> Environments.prod().withMonitoring(MonitoringProps.on().toBuilder()
                            .redisSecret(SecretRequirement.of(path, "password")).build())));
        }
    }
}
