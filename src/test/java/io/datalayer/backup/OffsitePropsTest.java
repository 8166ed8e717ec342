package io.datalayer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datalayer.app.Environments;
import io.datalayer.config.DataLayerConfig;
import io.datalayer.kit.Peer;
import io.datalayer.secrets.SecretRequirement;
import org.junit.jupiter.api.Test;

class OffsitePropsTest {
    private static String error(OffsiteProps.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    private static OffsiteProps.Builder valid() {
        return OffsiteProps.builder().environment("prod").egressCidr("203.0.113.10/32");
    }

    @Test
    void defaultsAreDocumentedValues() {
        OffsiteProps p = valid().build();
        assertTrue(p.enabled());
        assertEquals(OffsiteProps.SECRET, p.secret());
        assertEquals("secret/data/backup-s3", p.secret().apiPath());
        assertEquals("backup-s3", p.secretName());
        assertEquals("Other", p.provider());
        assertEquals("data-layer", p.prefix());
        assertEquals(443, p.egressPort());
        assertEquals("rclone/rclone:1.75.1", p.image());
        assertEquals("10 * * * *", p.syncSchedule());
        assertEquals("5 */2 * * *", valid().syncSchedule("5 */2 * * *").build().syncSchedule());
        // Settings of the store, not secrets: the output guard does not look for them.
        assertFalse(p.secret().isSecret("bucket"));
        assertTrue(p.secret().isSecret("crypt-password"));
        assertTrue(p.secret().isSecret("secret-access-key"));
    }

    @Test
    void offNeedsNoAddress() {
        OffsiteProps off = OffsiteProps.off();
        assertFalse(off.enabled());
        assertEquals(null, off.egressCidr());
    }

    @Test
    void everyEnvironmentSaysWhetherItCopiesOffSite() {
        assertTrue(Environments.prod().offsite().enabled());
        assertTrue(Environments.dev().offsite().enabled());
        assertEquals("DataLayerConfig.offsite is not set; every environment sets it (see Environments):"
                + " OffsiteProps.builder()... for off-site copies, or OffsiteProps.off() for none",
                assertThrows(IllegalArgumentException.class, () -> Environments.prod().toBuilder().offsite(null).build())
                        .getMessage());
        DataLayerConfig none = Environments.prod().withOffsite(OffsiteProps.off());
        assertFalse(none.offsite().enabled());
    }

    @Test
    void theDestinationIsRequired() {
        assertEquals("OffsiteProps needs the object store's address for the egress NetworkPolicy; set egressCidr"
                + " (e.g. 203.0.113.10/32) or egressPeer (an in-cluster store's namespace), or switch off-site copies off"
                + " with OffsiteProps.off()", error(OffsiteProps.builder()));
    }

    @Test
    void theEnvironmentIsRequiredAndNamesTheDeploymentsOwnFolder() {
        assertEquals("OffsiteProps needs the environment's name (e.g. prod): with the namespace it names the deployment's"
                + " own folder in the bucket, so two deployments never share one; set environment(...)",
                error(valid().environment(null)));
        assertEquals("OffsiteProps.environment \"Prod/x\" is not an environment name; use lower-case letters, digits"
                + " and '-', e.g. prod", error(valid().environment("Prod/x")));
        assertEquals("prod", Environments.prod().offsite().environment());
        assertEquals("dev", Environments.dev().offsite().environment());
        assertEquals(null, OffsiteProps.off().environment());
    }

    @Test
    void oneDestinationOnly() {
        assertEquals("OffsiteProps.egressCidr and OffsiteProps.egressPeer are both set; set one: the policy admits"
                + " exactly one destination", error(valid().egressPeer(Peer.namespace("minio"))));
    }

    @Test
    void cidrMustBeACidr() {
        assertEquals("OffsiteProps.egressCidr \"s3.example.org\" is not a CIDR; use an address with a prefix length,"
                + " e.g. 203.0.113.10/32", error(valid().egressCidr("s3.example.org")));
        assertEquals("OffsiteProps.egressCidr \"203.0.113.10\" is not a CIDR; use an address with a prefix length,"
                + " e.g. 203.0.113.10/32", error(valid().egressCidr("203.0.113.10")));
        assertEquals("OffsiteProps.egressCidr \"10.0.0.300/32\" is not a CIDR; use an address with a prefix length,"
                + " e.g. 203.0.113.10/32", error(valid().egressCidr("10.0.0.300/32")));
        assertEquals("2001:db8::/48", valid().egressCidr("2001:db8::/48").build().egressCidr());
    }

    @Test
    void cidrMustNotAdmitEverything() {
        assertEquals("OffsiteProps.egressCidr \"0.0.0.0/0\" admits every address; give the object store's own"
                + " addresses, e.g. 203.0.113.10/32", error(valid().egressCidr("0.0.0.0/0")));
        assertEquals("OffsiteProps.egressCidr \"::/0\" admits every address; give the object store's own"
                + " addresses, e.g. 203.0.113.10/32", error(valid().egressCidr("::/0")));
    }

    @Test
    void portMustBeAPort() {
        assertEquals("OffsiteProps.egressPort 0 is not a TCP port; use 1 to 65535", error(valid().egressPort(0)));
    }

    @Test
    void imageMustBePinned() {
        assertEquals("OffsiteProps.image \"rclone/rclone:latest\" uses the moving tag latest; pin an exact version"
                + " (major.minor, e.g. rclone/rclone:1.2) or a digest", error(valid().image("rclone/rclone:latest")));
    }

    @Test
    void providerIsOneWord() {
        assertEquals("OffsiteProps.provider \"Other; rm\" is not an rclone S3 provider name; use one word such as AWS,"
                + " Ceph, Minio or Other", error(valid().provider("Other; rm")));
    }

    @Test
    void prefixIsAFolderPath() {
        assertEquals("OffsiteProps.prefix \"/data-layer/\" is not a folder path; use letters, digits, '.', '_' and '-'"
                + " in segments separated by '/', without a leading or trailing '/'", error(valid().prefix("/data-layer/")));
        assertEquals("team/data-layer", valid().prefix("team/data-layer").build().prefix());
    }

    @Test
    void theSecretHoldsEveryKeyTheScriptReads() {
        assertEquals("OffsiteProps.secret secret/data/s3 lacks the key \"crypt-salt\"; offsite.sh reads every one of"
                + " [bucket, endpoint, region, access-key-id, secret-access-key, crypt-password, crypt-salt], so list them all",
                error(valid().secret(SecretRequirement.of("s3", "bucket", "endpoint", "region", "access-key-id",
                        "secret-access-key", "crypt-password"))));
    }

    @Test
    void secretNameIsAName() {
        assertEquals("OffsiteProps.secretName \"Backup_S3\" is not a valid Kubernetes name; use at most 253 lowercase"
                + " letters, digits, '-' and '.', starting and ending with a letter or digit",
                error(valid().secretName("Backup_S3")));
    }
}
