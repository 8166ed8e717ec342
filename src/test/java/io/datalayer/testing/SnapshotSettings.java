package io.datalayer.testing;

import au.com.origin.snapshots.config.PropertyResolvingSnapshotConfig;
import java.util.Optional;

/**
 * snapshot.properties, except that a person can ask for an update from the command line:
 * {@code mvn test -Dsnapshots.update=all}, or a part of the snapshot names to update, such as
 * {@code -Dsnapshots.update=PostgresTest}. Without it a snapshot never changes; on CI ({@code CI}
 * set) a missing snapshot fails and an update request is refused.
 */
public final class SnapshotSettings extends PropertyResolvingSnapshotConfig {
    @Override
    public Optional<String> updateSnapshot() {
        // The library updates every snapshot whose name contains this text; "" matches them all.
        return Optional.ofNullable(System.getProperty("snapshots.update"))
                .filter(v -> !v.isBlank())
                .map(v -> "all".equals(v) ? "" : v);
    }
}
