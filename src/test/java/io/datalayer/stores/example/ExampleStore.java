package io.datalayer.stores.example;

import io.datalayer.backup.BackupJobs;
import io.datalayer.backup.BackupSettings;
import io.datalayer.backup.JobTiming;
import io.datalayer.backup.Offsite;
import io.datalayer.backup.RestoreSettings;
import io.datalayer.kit.Checks;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Namespaces;
import io.datalayer.kit.NetworkAccess;
import io.datalayer.kit.Peer;
import io.datalayer.kit.PodVolumes;
import io.datalayer.kit.Pods;
import io.datalayer.kit.Resources;
import io.datalayer.kit.RestrictedPod;
import io.datalayer.kit.ServerStatefulSet;
import io.datalayer.kit.ServicePair;
import io.datalayer.kit.SingleServerBudget;
import io.datalayer.kit.Storage;
import io.datalayer.kit.StoreNames;
import io.datalayer.monitoring.Alerts;
import io.datalayer.stores.Store;
import io.datalayer.stores.StoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.Container;
import org.cdk8s.plus28.k8s.ContainerPort;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.ExecAction;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.Probe;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * What the next store costs: a single-server Redis-like cache (no persistence of its own but the
 * RDB a restart loads) made of the kit, the shared backup pieces and nothing else, registered only
 * in the tests ({@link ExampleStoreTest}). Test code only: it measures the {@link Store} contract.
 * Its scripts are beside it in {@code src/test/resources/io/datalayer/stores/example/}.
 *
 * @param image     the server's pinned image; the backup and restore Jobs run it too (redis-cli)
 * @param port      the TCP port of the server and its Service
 * @param storage   the server's data claim
 * @param resources the server's requests and limits
 * @param backup    the nightly snapshot; start from {@link #backupSettings()}
 * @param restore   the suspended restore; start from {@link #restoreSettings()}
 */
public record ExampleStore(String image, int port, Storage storage, Resources resources, BackupSettings backup,
                           RestoreSettings restore) implements Store {
    public static final String NAME = "example-cache";
    public static final String BACKUP_SCRIPT = "backup.sh";
    public static final String RESTORE_SCRIPT = "restore.sh";
    public static final String CLIENT_LABEL = "data-layer/" + NAME + "-client";
    static final String DATA_DIR = "/data";
    static final int UID = 999;

    public ExampleStore {
        Checks.pinnedImage("ExampleStore.image", image);
        storage = Storage.require("ExampleStore.storage", storage);
        resources = Resources.require("ExampleStore.resources", resources);
        if (backup == null || restore == null) {
            throw new IllegalArgumentException("ExampleStore needs its backup and restore settings;"
                    + " start from ExampleStore.backupSettings() and restoreSettings()");
        }
    }

    /** The backup's defaults: {@code example-cache-backup} at 03:15, 10 minutes, 30 s grace. */
    public static BackupSettings.Builder backupSettings() {
        return BackupSettings.builder().name(NAME + "-backup").schedule("15 3 * * *")
                .terminationGracePeriodSeconds(30).activeDeadlineSeconds(600).lockWaitSeconds(300);
    }

    /** The restore's defaults: {@code example-cache-restore}, 10 minutes, 30 s grace. */
    public static RestoreSettings.Builder restoreSettings() {
        return RestoreSettings.builder().name(NAME + "-restore").activeDeadlineSeconds(600)
                .terminationGracePeriodSeconds(30);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Test-only: no page of its own under docs/stores/; the guide it measures. */
    @Override
    public String docsPage() {
        return "docs/contributing/adding-a-store.md";
    }

    @Override
    public void build(StoreContext context) {
        Construct scope = new Construct(context.scope(), NAME);
        StoreNames names = new StoreNames(NAME, Namespaces.of(scope));

        // ---- the server: the kit ------------------------------------------------------------------
        Map<String, String> labels = Labels.of(NAME, "cache");
        Probe ping = Probe.builder().exec(ExecAction.builder().command(List.of("redis-cli", "ping")).build()).build();
        PodVolumes volumes = new PodVolumes();
        Container server = Container.builder().name("cache").image(image)
                .args(List.of("redis-server", "--dir", DATA_DIR, "--port", Integer.toString(port)))
                .ports(List.of(ContainerPort.builder().name("cache").containerPort(port).protocol("TCP").build()))
                .resources(resources.requirements())
                .securityContext(RestrictedPod.containerSecurityContext())
                .readinessProbe(ping).livenessProbe(ping)
                .volumeMounts(volumes.mount(Mount.claimTemplate(ServerStatefulSet.DATA_VOLUME, DATA_DIR),
                        Mount.emptyDir("tmp", "/tmp", "64Mi")))
                .build();
        Pods.serviceAccount(scope, "service-account", names.meta(NAME, labels));
        new ServicePair(scope, "services", names, "cache", port, labels);
        new ServerStatefulSet(scope, "statefulset", names, labels, storage, Map.of(),
                Pods.serverPod(NAME, UID, 30, List.of(server), volumes.volumes()));
        new SingleServerBudget(scope, "disruption-budget", names, labels);
        NetworkAccess access = new NetworkAccess(scope, "network", names, port, CLIENT_LABEL,
                List.of(Peer.namespacesLabelled(Map.of(Labels.LAYER, Labels.APP_LAYER))), labels);

        // ---- the backup: the shared pieces ------------------------------------------------------
        Offsite offsite = context.offsite();
        Map<String, String> backupLabels = Labels.of(backup.name(), "backup");
        BackupJobs.claim(scope, "runs", names.meta(backup.claimName(), backupLabels), backup.storage());
        BackupJobs.scripts(scope, "scripts", names.meta(backup.scriptsName(), backupLabels), ExampleStore.class,
                List.of(BACKUP_SCRIPT, RESTORE_SCRIPT));
        List<EnvVar> backupEnv = new ArrayList<>(connectionEnv(names));
        backupEnv.addAll(BackupJobs.settingsEnv(backup));
        backupEnv.addAll(BackupJobs.lockHolderEnv());
        BackupJobs.cronJob(scope, "backup", names.meta(backup.name(), backupLabels), backupLabels,
                JobTiming.of(backup),
                pod(access, backupLabels, "backup", BACKUP_SCRIPT, backupEnv, backup.terminationGracePeriodSeconds(),
                        backup.resources().requirements(), List.of(), offsite, Offsite.Mode.AFTER));
        String sync = null;
        if (offsite != null) {
            sync = Offsite.syncName(NAME);
            BackupJobs.offsiteSync(scope, names, image, UID, backup, offsite, NAME);
        }

        // ---- the restore, suspended -------------------------------------------------------------
        Map<String, String> restoreLabels = Labels.of(restore.name(), "restore");
        List<EnvVar> restoreEnv = new ArrayList<>(connectionEnv(names));
        restoreEnv.add(Pods.env("CACHE_DATA_DIR", DATA_DIR));
        restoreEnv.add(Pods.env("RESTORE_RUN", ""));
        restoreEnv.add(Pods.env("RESTORE_FROM", "local"));
        restoreEnv.add(Pods.env("RESTORE_KEEP_REPLACED", Boolean.toString(restore.keepReplaced())));
        restoreEnv.add(Pods.env("BACKUP_LOCK_WAIT_SECONDS", Integer.toString(restore.lockWaitSeconds())));
        restoreEnv.addAll(BackupJobs.lockHolderEnv());
        Mount data = Mount.claim("cache-data", ServerStatefulSet.DATA_VOLUME + "-" + NAME + "-0", DATA_DIR);
        BackupJobs.cronJob(scope, "restore", names.meta(restore.name(), restoreLabels), restoreLabels,
                JobTiming.of(restore),
                pod(access, restoreLabels, "restore", RESTORE_SCRIPT, restoreEnv, restore.terminationGracePeriodSeconds(),
                        restore.resources().requirements(), List.of(data), offsite, Offsite.Mode.BEFORE));

        // ---- what the environment's alerts watch ------------------------------------------------
        context.alerts().backup(new Alerts.Backup(NAME, backup.name(), sync));
        context.alerts().storeAlert(new Alerts.StoreAlert(NAME, "DataLayerExampleCacheRestarting",
                "increase(kube_pod_container_status_restarts_total{namespace=\"" + names.namespace()
                        + "\",pod=\"" + NAME + "-0\"}[1h]) > 3",
                "15m", "warning", "The " + NAME + " server keeps restarting",
                "Pod {{ $labels.namespace }}/" + NAME + "-0 restarted more than 3 times in an hour; each restart"
                        + " empties the cache down to its last RDB."));
    }

    private List<EnvVar> connectionEnv(StoreNames names) {
        return List.of(Pods.env("CACHE_HOST", names.host()), Pods.env("CACHE_PORT", Integer.toString(port)),
                Pods.env("BACKUP_DIR", BackupJobs.BACKUP_DIR));
    }

    private PodTemplateSpec pod(NetworkAccess access, Map<String, String> labels, String container, String script,
                                List<EnvVar> env, int grace, ResourceRequirements resources, List<Mount> storeMounts,
                                Offsite offsite, Offsite.Mode mode) {
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.putAll(access.clientLabels());
        return BackupJobs.pod(podLabels, container, image, UID, script, env, resources, grace, backup.claimName(),
                backup.scriptsName(), storeMounts, "16Mi", offsite, mode, NAME);
    }
}
