package io.datalayer.stores.redis;

import io.datalayer.kit.Labels;
import io.datalayer.kit.Namespaces;
import io.datalayer.kube.Kube;
import io.datalayer.kube.KubeConstruct;
import io.datalayer.secrets.DynamicDatabaseCredentials;
import io.datalayer.secrets.DynamicDatabaseCredentialsProps;
import io.datalayer.secrets.VaultExternalSecret;
import io.datalayer.secrets.VaultExternalSecretProps;
import io.datalayer.secrets.VaultSecretStore;
import io.datalayer.secrets.VaultSecretStoreProps;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.plus28.k8s.KubeConfigMapProps;
import org.cdk8s.plus28.k8s.ObjectMeta;
import software.constructs.Construct;

/**
 * What an L4 app puts in its own chart (its namespace) to get Redis credentials: a Secret
 * {@link #secretName()} that ESO keeps filled, and a ConfigMap {@link #connectionConfigMapName()}
 * with {@code REDIS_HOST}, {@code REDIS_PORT} and, for the static user, {@code REDIS_USERNAME}.
 *
 * <p><b>Static</b> (the default): the server's shared {@value Redis#APP_USER} user. A SecretStore of
 * the app's own (its Vault role, its ServiceAccount) and an ExternalSecret copy key {@code password}
 * of {@code secret/data/redis-app}, the very secret the server renders its ACL file from, so a
 * rotation in Vault reaches the server and every app within ESO's refresh interval plus the
 * acl-sync interval. The app's Vault role can read that path only: the admin and backup
 * passwords live at {@code secret/data/redis}, which KV v2 policies keep apart.
 *
 * <p><b>Dynamic</b>: {@link DynamicDatabaseCredentials} against Vault's Redis database plugin, whose
 * roles are served at the same {@code database/creds/<role>} path as PostgreSQL's; the Secret holds
 * {@code username} and {@code password} of a user Vault created with the role's ACL rules. The
 * lease caveats are that construct's: ESO neither renews nor revokes, each refresh creates a new
 * user, the old one lives until its TTL ends (see the README).
 */
public final class RedisAppAccess extends KubeConstruct {
    private final RedisAppAccessProps props;
    private final String namespace;

    public RedisAppAccess(Construct scope, String id, RedisAppAccessProps props) {
        super(scope, id);
        if (props == null) {
            throw new IllegalArgumentException("RedisAppAccess props are missing; use RedisAppAccessProps.of(vaultRole)");
        }
        this.props = props;
        this.namespace = Namespaces.of(this);
        Map<String, String> connection = new TreeMap<>();
        connection.put("REDIS_HOST", props.host());
        connection.put("REDIS_PORT", Integer.toString(props.port()));
        if (props.mode() == RedisAppAccessProps.Mode.STATIC) {
            VaultSecretStore store = new VaultSecretStore(this, "store",
                    new VaultSecretStoreProps(props.name() + "-vault", props.appSecret().mount(), props.connection()));
            new VaultExternalSecret(this, "secret", store, new VaultExternalSecretProps(props.appSecret(), secretName(),
                    null, props.refreshInterval(), null, null, null));
            connection.put("REDIS_USERNAME", Redis.APP_USER);
        } else {
            new DynamicDatabaseCredentials(this, "dynamic", new DynamicDatabaseCredentialsProps(namespace, props.vaultRole(),
                    props.name(), secretName(), props.databaseMount(), props.refreshInterval(), props.connection()));
        }
        Kube.configMap(this, "connection", KubeConfigMapProps.builder()
                .metadata(ObjectMeta.builder().name(connectionConfigMapName()).namespace(namespace)
                        .labels(Labels.of(props.name(), "redis-connection")).build())
                .data(connection)
                .build());
    }

    public RedisAppAccessProps props() {
        return props;
    }

    /** The Secret the app mounts or reads: key {@code password} (static), or {@code username} and {@code password} (dynamic). */
    public String secretName() {
        return props.name();
    }

    /** The ConfigMap with REDIS_HOST, REDIS_PORT (and REDIS_USERNAME for the static user). */
    public String connectionConfigMapName() {
        return props.name() + "-connection";
    }
}
