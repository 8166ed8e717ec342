package io.datalayer.stores.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datalayer.app.Environments;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConfigTest {
    /**
     * The directives redis.conf uses, each confirmed to exist with this meaning in Redis 7.0 (the
     * tests' server runs the file) and in 8.x (the image; redis.conf of the 8 branch): a new one must
     * be checked against both and listed in the README before it is added here.
     */
    @Test
    void onlyDirectivesThatExistIn70And8() {
        assertEquals(List.of("bind", "port", "protected-mode", "tcp-keepalive", "timeout", "daemonize", "supervised",
                "logfile", "loglevel", "always-show-logo", "dir", "dbfilename", "save", "stop-writes-on-bgsave-error",
                "rdbcompression", "rdbchecksum", "appendonly", "appendfilename", "appenddirname", "appendfsync",
                "aof-use-rdb-preamble", "maxmemory", "maxmemory-policy", "aclfile",
                "enable-debug-command", "enable-module-command", "enable-protected-configs"),
                List.copyOf(RedisConfig.directives(Environments.prod().store(RedisStore.class).server()).keySet()));
    }

    @Test
    void theFileAsTheServerReadsIt() {
        String conf = RedisConfig.redisConf(Environments.prod().store(RedisStore.class).server());
        assertEquals("# Written by data-layer from RedisProps; change the props, not this file.", conf.lines().findFirst().get());
        List<String> lines = conf.lines().toList();
        for (String line : List.of("appendonly yes", "appendfsync everysec", "save 3600 1 300 100 60 10000",
                "maxmemory " + (1024L * 1024 * 1024 / 100 * 70), "maxmemory-policy volatile-lru", "aclfile /run/redis/users.acl",
                "protected-mode yes", "dir /data", "enable-debug-command no")) {
            assertEquals(true, lines.contains(line), line + " missing from\n" + conf);
        }
    }

    @Test
    void theRulesNameEachUsersFileAndRights() {
        assertEquals("""
                # Written by data-layer. user  min-length  password-file  ACL rules (the pod adds #<sha256> of the file)
                default - - off resetpass resetkeys resetchannels -@all
                admin 16 /etc/redis-users/admin-password on resetpass ~* &* +@all
                app 16 /etc/redis-app/password on resetpass ~* &* +@all -@dangerous +info
                backup 16 /etc/redis-users/backup-password on resetpass resetkeys resetchannels -@all +ping +replconf +sync +psync
                """, RedisConfig.aclRules(Environments.prod().store(RedisStore.class).server()));
    }
}
