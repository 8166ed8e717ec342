package io.datalayer.stores.clickhouse;

import io.datalayer.kit.Checks;

/**
 * Who a backup or restore Job connects to ClickHouse as: the user, and the Secret and key holding its
 * password. The Job mounts only that key, as a file; the script writes it into the client's config
 * file in the pod's memory /tmp (mode 0600), so the password never reaches a command line or an
 * environment.
 *
 * @param user       the ClickHouse user
 * @param secretName the Secret holding its password (the store's ExternalSecret writes it)
 * @param key        the Secret's key holding the password
 */
public record ClickHouseLogin(String user, String secretName, String key) {
    public ClickHouseLogin {
        user = Checks.requireValue("ClickHouseLogin.user", user);
        if (!user.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("ClickHouseLogin.user \"" + user
                    + "\" is not a plain user name; use letters, digits and _ (it goes into the client's XML config)");
        }
        Checks.dnsSubdomain("ClickHouseLogin.secretName", secretName);
        key = Checks.requireValue("ClickHouseLogin.key", key);
        if (!key.matches("[-._A-Za-z0-9]+")) {
            throw new IllegalArgumentException("ClickHouseLogin.key \"" + key
                    + "\" is not a valid Secret key; use letters, digits, '-', '_' and '.'");
        }
    }
}
