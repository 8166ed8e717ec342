package io.datalayer.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * What an environment's alerts watch, gathered from its stores while the chart is built: each
 * store's backup CronJobs, its restore drill, its exporter, and any alert only that store has. {@link Alerts} writes
 * them as one PrometheusRule after every store is built, in the order the stores added them.
 */
public final class AlertInputs {
    private final List<Alerts.Backup> backups = new ArrayList<>();
    private final List<Alerts.Exporter> exporters = new ArrayList<>();
    private final List<Alerts.Drill> drills = new ArrayList<>();
    private final List<Alerts.StoreAlert> storeAlerts = new ArrayList<>();

    public AlertInputs backup(Alerts.Backup backup) {
        backups.add(require(backup, "backup"));
        return this;
    }

    public AlertInputs drill(Alerts.Drill drill) {
        drills.add(require(drill, "restore drill"));
        return this;
    }

    public AlertInputs exporter(Alerts.Exporter exporter) {
        exporters.add(require(exporter, "exporter"));
        return this;
    }

    public AlertInputs storeAlert(Alerts.StoreAlert alert) {
        storeAlerts.add(require(alert, "store alert"));
        return this;
    }

    public List<Alerts.Backup> backups() {
        return List.copyOf(backups);
    }

    public List<Alerts.Drill> drills() {
        return List.copyOf(drills);
    }

    public List<Alerts.Exporter> exporters() {
        return List.copyOf(exporters);
    }

    public List<Alerts.StoreAlert> storeAlerts() {
        return List.copyOf(storeAlerts);
    }

    /** True when no store gave anything to watch. */
    public boolean isEmpty() {
        return backups.isEmpty() && drills.isEmpty() && exporters.isEmpty() && storeAlerts.isEmpty();
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("AlertInputs: the " + what + " to watch is null; pass one");
        }
        return value;
    }
}
