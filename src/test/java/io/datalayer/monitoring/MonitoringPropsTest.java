package io.datalayer.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals(false, MonitoringProps.off().enabled());
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
                + " give the runbook page's address, the alerts add each section's anchor",
                error(() -> MonitoringProps.on().toBuilder().runbookUrl("https://x.example/README.md#top").build()));
        assertEquals("MonitoringProps.prometheusPodSelector is empty, which would select every pod; set at least one label",
                error(() -> MonitoringProps.on().toBuilder().prometheusPodSelector(Map.of()).build()));
    }
}
