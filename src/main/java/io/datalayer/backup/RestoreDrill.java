package io.datalayer.backup;

import io.datalayer.kube.KubeConstruct;
import io.datalayer.kube.KubeValues;
import io.datalayer.kit.Labels;
import io.datalayer.kit.Mount;
import io.datalayer.kit.Pods;
import io.datalayer.kit.StoreNames;
import io.datalayer.monitoring.Alerts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.EnvVar;
import org.cdk8s.plus28.k8s.PodTemplateSpec;
import org.cdk8s.plus28.k8s.Quantity;
import org.cdk8s.plus28.k8s.ResourceRequirements;
import software.constructs.Construct;

/**
 * A store's scheduled restore drill: the CronJob {@link DrillSettings#name()} that proves each night
 * that the newest complete run restores, the same for every store. Its pod runs the store's own drill
 * script (which sources the shared {@value #LIBRARY}) on the store's image and uid, restricted like
 * every job of the layer, with:
 * <ul>
 *   <li>the backup's runs claim mounted <b>read-only</b>: the drill never changes a run, and takes no
 *       lock (a drill beside a backup reads complete runs only, which nothing rewrites);</li>
 *   <li>an emptyDir of {@link DrillSettings#dataSize()} at {@value #DATA_DIR} for the fetched run and
 *       the private server's data, with the container's ephemeral-storage bounded to it (plus rclone's
 *       folder): the drill cannot fill the node;</li>
 *   <li>with off-site copies on, the run fetched and decrypted from the object store by
 *       {@code offsite.sh drill}, as a recovery after the node's loss would; without, the volume's;</li>
 *   <li>no client label of the store: the layer's default-deny leaves the pod no network at all, and
 *       with off-site copies on, the off-site client label admits the object store and DNS alone
 *       ({@link Offsite}'s egress policy, the same as the off-site sync's). The private server listens
 *       on a Unix socket in the emptyDir only.</li>
 * </ul>
 * With {@link DrillSettings#scheduled()} false the CronJob is suspended (drills by hand) and
 * {@link #watched()} is empty, so no alert expects it.
 */
public final class RestoreDrill extends KubeConstruct {
    /** The drill library every store's drill script sources; in every store's scripts ConfigMap. */
    public static final String LIBRARY = "drills.sh";
    /** Where the drill's emptyDir is mounted, and {@code DRILL_DATA_DIR}. */
    public static final String DATA_DIR = "/var/lib/datalayer-drill";
    /** rclone's folder ({@link Offsite}) shares the pod's ephemeral storage with the data. */
    private static final long RCLONE_MI = 256;

    private final DrillSettings settings;
    private final String store;

    /**
     * @param names   the store's names (namespace, metadata)
     * @param store   the store's name: its folder off-site, the alerts' label
     * @param image   the store's image (the private server must be the live one's version)
     * @param uid     the image's user
     * @param backup  the backup whose runs are drilled (its claim and scripts ConfigMap)
     * @param script  the store's drill script in that ConfigMap, e.g. drill.sh
     * @param offsite the environment's off-site copies, or {@code null} when they are off
     */
    public RestoreDrill(Construct scope, String id, StoreNames names, String store, String image, int uid,
                        DrillSettings settings, BackupSettings backup, String script, Offsite offsite) {
        super(scope, id);
        if (settings == null || backup == null) {
            throw new IllegalArgumentException("RestoreDrill needs the store's DrillSettings and the BackupSettings whose"
                    + " runs it drills; start from the store's drillSettings()");
        }
        settings = settings.after(backup);
        this.settings = settings;
        this.store = store;
        Map<String, String> labels = Labels.of(settings.name(), "drill");
        List<EnvVar> env = List.of(
                Pods.env("BACKUP_DIR", BackupJobs.BACKUP_DIR),
                Pods.env("DRILL_DATA_DIR", DATA_DIR));
        PodTemplateSpec pod = BackupJobs.pod(new TreeMap<>(labels), "drill", image, uid, script, env, resources(settings),
                settings.terminationGracePeriodSeconds(), backup.claimName(), backup.scriptsName(), true,
                List.of(Mount.emptyDir("drill-data", DATA_DIR, settings.dataSize())), "64Mi", offsite,
                Offsite.Mode.DRILL, store);
        // A failed drill is a finding for a person, not something to retry.
        BackupJobs.cronJob(this, "cronjob", names.meta(settings.name(), labels), labels,
                new JobTiming(!settings.scheduled(), settings.schedule(), settings.timeZone(), 3600, 3, 3, 0,
                        settings.activeDeadlineSeconds(), 604800),
                pod);
    }

    /** The effective settings. */
    public DrillSettings settings() {
        return settings;
    }

    /** What the alerts watch ({@code AlertInputs.drill}); empty when the drill is not scheduled. */
    public Optional<Alerts.Drill> watched() {
        return settings.scheduled()
                ? Optional.of(new Alerts.Drill(store, settings.name(), settings.maxAgeHours(), settings.maxDurationMinutes()))
                : Optional.empty();
    }

    /** The container's resources plus ephemeral storage: the emptyDir and rclone's folder. */
    private static ResourceRequirements resources(DrillSettings settings) {
        ResourceRequirements base = settings.resources().requirements();
        Quantity storage = KubeValues.quantity((settings.dataSizeMi() + RCLONE_MI) + "Mi");
        Map<String, Quantity> requests = new TreeMap<>(base.getRequests());
        requests.put("ephemeral-storage", storage);
        Map<String, Quantity> limits = new TreeMap<>(base.getLimits());
        limits.put("ephemeral-storage", storage);
        return ResourceRequirements.builder().requests(requests).limits(limits).build();
    }
}
