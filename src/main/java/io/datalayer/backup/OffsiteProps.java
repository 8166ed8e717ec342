package io.datalayer.backup;

import io.datalayer.kit.Checks;
import io.datalayer.kit.Peer;
import io.datalayer.secrets.SecretRequirement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the {@link Offsite} copies of an environment. Off-site copies are either switched
 * off with {@link #off()} (a choice the environment writes down, like CloudNativePG's cluster
 * without a {@code barmanObjectStore}) or on with {@link #builder()}, and then the object store's
 * address for the egress NetworkPolicy is required: it has no default because it is the one thing
 * only the platform knows. Components other than that may be {@code null} to take their defaults;
 * the compact constructor applies them once and validates.
 *
 * @param enabled    whether backups are copied off-site; {@link #off()} sets false
 * @param secret     the Vault KV v2 secret with the object store and the crypt keys; default
 *                   {@link #SECRET} ({@code secret/data/backup-s3}, keys {@link #KEYS})
 * @param secretName the Kubernetes Secret External Secrets writes from it; default {@code backup-s3}
 * @param provider   rclone's S3 provider ({@code AWS}, {@code Ceph}, {@code Minio}, {@code Other}, ...):
 *                   it adapts rclone to the store's quirks; default {@code Other}
 * @param prefix     the folder in the bucket under which each deployment keeps each store's runs
 *                   ({@code <prefix>/<environment>/<namespace>/<store>/<run id>/...}); default {@code data-layer}
 * @param egressCidr the object store's addresses, e.g. {@code 203.0.113.10/32}: the only place the
 *                   copy jobs may connect to besides DNS. Set this or egressPeer
 * @param egressPeer an in-cluster object store (e.g. MinIO's namespace); set this or egressCidr
 * @param egressPort the object store's TCP port; default 443
 * @param image      the rclone image, pinned; default {@link #IMAGE}
 * @param syncSchedule when each store's {@code <store>-offsite-sync} CronJob checks (and catches up)
 *                   the off-site copies, cron in UTC; default {@value #SYNC_SCHEDULE} (hourly). Its last
 *                   success is what {@code DataLayerOffsiteCopyLagging} watches
 * @param environment the environment's name ({@code prod}, {@code dev}); required when enabled. With the
 *                   namespace it is the deployment's identity ({@code <environment>/<namespace>}): its
 *                   folder in the bucket, recorded in every manifest, so two deployments sharing a
 *                   bucket never share a folder, and a job refuses a folder holding another's runs
 */
public record OffsiteProps(boolean enabled, SecretRequirement secret, String secretName, String provider, String prefix,
                           String egressCidr, Peer egressPeer, Integer egressPort, String image,
                           String syncSchedule, String environment) {
    /** What offsite.sh reads from the Secret, one file per key. */
    public static final List<String> KEYS = List.of("bucket", "endpoint", "region", "access-key-id",
            "secret-access-key", "crypt-password", "crypt-salt");
    /**
     * The secret the platform layer (L2) writes for off-site copies. Bucket, endpoint, region and the
     * access key's id are settings, not secrets (the id names the key, as a user name does; the
     * secret access key and the crypt keys are what must never be published): the guard does not
     * look for them, so a label or a bucket named like one is no finding.
     */
    public static final SecretRequirement SECRET = new SecretRequirement(SecretRequirement.DEFAULT_MOUNT, "backup-s3", KEYS, 0)
            .withPublicKeys("bucket", "endpoint", "region", "access-key-id");
    /** The official rclone image, an exact release. */
    public static final String IMAGE = "rclone/rclone:1.75.1";
    /** Hourly, at a minute no nightly backup of this layer starts at. */
    public static final String SYNC_SCHEDULE = "10 * * * *";

    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*/(12[0-8]|1[01]\\d|[1-9]?\\d)");

    public OffsiteProps {
        secret = secret == null ? SECRET : secret;
        secretName = Checks.dnsSubdomain("OffsiteProps.secretName", secretName == null ? "backup-s3" : secretName);
        provider = provider == null ? "Other" : provider;
        prefix = prefix == null ? "data-layer" : prefix;
        egressPort = Checks.port("OffsiteProps.egressPort", egressPort == null ? 443 : egressPort);
        image = Checks.pinnedImage("OffsiteProps.image", image == null ? IMAGE : image);
        syncSchedule = Checks.cronSchedule("OffsiteProps.syncSchedule", syncSchedule == null ? SYNC_SCHEDULE : syncSchedule);
        for (String key : KEYS) {
            if (!secret.keys().contains(key)) {
                throw new IllegalArgumentException("OffsiteProps.secret " + secret.apiPath() + " lacks the key \"" + key
                        + "\"; offsite.sh reads every one of " + KEYS + ", so list them all");
            }
        }
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("OffsiteProps.provider \"" + provider + "\" is not an rclone S3 provider"
                    + " name; use one word such as AWS, Ceph, Minio or Other");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("OffsiteProps.prefix \"" + prefix + "\" is not a folder path; use"
                    + " letters, digits, '.', '_' and '-' in segments separated by '/', without a leading or trailing '/'");
        }
        if (environment != null && !ENVIRONMENT.matcher(environment).matches()) {
            throw new IllegalArgumentException("OffsiteProps.environment \"" + environment + "\" is not an environment"
                    + " name; use lower-case letters, digits and '-', e.g. prod");
        }
        if (enabled) {
            if (egressCidr == null && egressPeer == null) {
                throw new IllegalArgumentException("OffsiteProps needs the object store's address for the egress"
                        + " NetworkPolicy; set egressCidr (e.g. 203.0.113.10/32) or egressPeer (an in-cluster store's"
                        + " namespace), or switch off-site copies off with OffsiteProps.off()");
            }
            if (egressCidr != null && egressPeer != null) {
                throw new IllegalArgumentException("OffsiteProps.egressCidr and OffsiteProps.egressPeer are both set;"
                        + " set one: the policy admits exactly one destination");
            }
            if (egressCidr != null) {
                if (!IPV4_CIDR.matcher(egressCidr).matches() && !IPV6_CIDR.matcher(egressCidr).matches()) {
                    throw new IllegalArgumentException("OffsiteProps.egressCidr \"" + egressCidr + "\" is not a CIDR;"
                            + " use an address with a prefix length, e.g. 203.0.113.10/32");
                }
                if (egressCidr.endsWith("/0")) {
                    throw new IllegalArgumentException("OffsiteProps.egressCidr \"" + egressCidr + "\" admits every"
                            + " address; give the object store's own addresses, e.g. 203.0.113.10/32");
                }
            }
            if (environment == null) {
                throw new IllegalArgumentException("OffsiteProps needs the environment's name (e.g. prod): with the"
                        + " namespace it names the deployment's own folder in the bucket, so two deployments never share"
                        + " one; set environment(...)");
            }
        }
    }

    /** No off-site copies: the backups stay on the volume only (the environment says so explicitly). */
    public static OffsiteProps off() {
        return new OffsiteProps(false, null, null, null, null, null, null, null, null, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder().secret(secret).secretName(secretName).provider(provider).prefix(prefix)
                .egressCidr(egressCidr).egressPeer(egressPeer).egressPort(egressPort).image(image)
                .syncSchedule(syncSchedule).environment(environment);
        b.enabled = enabled;
        return b;
    }

    /** Fluent construction of enabled off-site copies; unset fields take the documented defaults. */
    public static final class Builder {
        private boolean enabled = true;
        private SecretRequirement secret;
        private String secretName;
        private String provider;
        private String prefix;
        private String egressCidr;
        private Peer egressPeer;
        private Integer egressPort;
        private String image;
        private String syncSchedule;
        private String environment;

        private Builder() {
        }

        public Builder secret(SecretRequirement v) { secret = v; return this; }
        public Builder secretName(String v) { secretName = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder prefix(String v) { prefix = v; return this; }
        public Builder egressCidr(String v) { egressCidr = v; return this; }
        public Builder egressPeer(Peer v) { egressPeer = v; return this; }
        public Builder egressPort(int v) { egressPort = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder syncSchedule(String v) { syncSchedule = v; return this; }
        public Builder environment(String v) { environment = v; return this; }

        public OffsiteProps build() {
            return new OffsiteProps(enabled, secret, secretName, provider, prefix, egressCidr, egressPeer, egressPort, image,
                    syncSchedule, environment);
        }
    }
}
