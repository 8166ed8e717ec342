package io.datalayer.stores.neo4j;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Transaction;

/**
 * A test graph in an embedded Neo4j 5.26 DBMS (from neo4j-harness) on a data folder, and what a
 * restore must give back, read entity by entity: every node's labels and properties (with their Java
 * types, so a long that came back as a string fails), every relationship's type, ends and properties,
 * the indexes and constraints, and the users of the system database.
 */
final class Neo4jGraph {
    private Neo4jGraph() {
    }

    /** An embedded DBMS whose data folder is {@code data} (server.directories.data), as the server's conf sets it. */
    static DatabaseManagementService open(Path home, Path data) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.data_directory, data)
                .build();
    }

    /** The graph every scripts test backs up: several labels, every property type, indexes, constraints, a user. */
    static void create(Path home, Path data, int people) {
        DatabaseManagementService dbms = open(home, data);
        try {
            GraphDatabaseService db = dbms.database("neo4j");
            for (String schema : List.of(
                    "CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE",
                    "CREATE INDEX person_name FOR (p:Person) ON (p.name)",
                    "CREATE INDEX person_age_score FOR (p:Person) ON (p.age, p.score)",
                    "CREATE TEXT INDEX city_name FOR (c:City) ON (c.name)",
                    "CREATE POINT INDEX city_location FOR (c:City) ON (c.location)",
                    "CREATE FULLTEXT INDEX person_bio FOR (p:Person) ON EACH [p.bio]",
                    "CREATE INDEX knows_since FOR ()-[k:KNOWS]-() ON (k.since)")) {
                db.executeTransactionally(schema);
            }
            db.executeTransactionally("CALL db.awaitIndexes(60)");
            db.executeTransactionally("""
                    UNWIND range(1, $people) AS i
                    CREATE (:Person:Employee {name: 'person ' + i, email: 'p' + i + '@example.org', age: i,
                      score: i * 1.5, active: i % 2 = 0, tags: ['a', 'b' + i], numbers: [i, i + 1], ratios: [0.5, i * 0.25],
                      flags: [true, false], born: date('1990-01-01') + duration({days: i}),
                      seen: datetime('2026-01-01T10:00:00Z') + duration({hours: i}),
                      seenIn: datetime({year: 2026, month: 3, day: 4, hour: 5, timezone: 'Europe/Berlin'}),
                      wakes: localtime('07:30:00'), lunch: time('12:00:00+01:00'), created: localdatetime('2026-02-03T04:05:06'),
                      shift: duration('P1DT2H30M'), desk: point({x: i, y: 2.5}), cube: point({x: 1, y: 2, z: i}),
                      bio: 'héllo ünïcode ☃ ' + i, big: 9007199254740993, tiny: -0.0001, dates: [date('2020-01-01')]})
                    """, Map.of("people", people));
            db.executeTransactionally("""
                    UNWIND range(1, 20) AS i
                    CREATE (:City:Place {name: 'city ' + i, location: point({longitude: 13.4 + i, latitude: 52.5}), rank: i})
                    """);
            db.executeTransactionally("""
                    MATCH (a:Person), (b:Person) WHERE b.age = a.age + 1 OR b.age = a.age * 2
                    CREATE (a)-[:KNOWS {since: a.age, weight: b.age / 10.0, note: 'via ' + b.name, met: date('2021-06-01'),
                      trusted: a.age % 3 = 0, channels: ['mail', 'chat']}]->(b)
                    """);
            db.executeTransactionally("""
                    MATCH (p:Person), (c:City) WHERE c.rank = p.age % 20 + 1
                    CREATE (p)-[:LIVES_IN {since: date('2020-01-01') + duration({days: p.age})}]->(c)
                    """);
            db.executeTransactionally("CREATE ()"); // a node with no label and no property
            dbms.database("system").executeTransactionally(
                    "CREATE USER alice SET PASSWORD 'alice-pass-1' CHANGE NOT REQUIRED");
        } finally {
            dbms.shutdown();
        }
    }

    /** Everything a restore must give back, as sorted lines. */
    static List<String> read(Path home, Path data) {
        DatabaseManagementService dbms = open(home, data);
        try {
            GraphDatabaseService db = dbms.database("neo4j");
            List<String> out = new ArrayList<>();
            try (Transaction tx = db.beginTx()) {
                for (Node n : tx.getAllNodes()) {
                    List<String> labels = new ArrayList<>();
                    for (Label l : n.getLabels()) {
                        labels.add(l.name());
                    }
                    labels.sort(null);
                    out.add("node " + n.getElementId() + " " + labels + " " + properties(n));
                }
                for (Relationship r : tx.getAllRelationships()) {
                    out.add("relationship " + r.getElementId() + " " + r.getType().name() + " " + r.getStartNode().getElementId()
                            + "->" + r.getEndNode().getElementId() + " " + properties(r));
                }
                tx.commit();
            }
            out.addAll(rows(db, "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state",
                    row -> "index " + row));
            out.addAll(rows(db, "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties",
                    row -> "constraint " + row));
            out.addAll(rows(dbms.database("system"), "SHOW USERS YIELD user, passwordChangeRequired",
                    row -> "user " + row));
            out.sort(null);
            return out;
        } finally {
            dbms.shutdown();
        }
    }

    private static List<String> rows(GraphDatabaseService db, String query, Function<String, String> line) {
        return db.executeTransactionally(query, Map.of(), result -> {
            List<String> out = new ArrayList<>();
            while (result.hasNext()) {
                out.add(line.apply(new TreeMap<>(result.next()).toString()));
            }
            return out;
        });
    }

    /** Properties with their Java types; arrays element by element. */
    private static String properties(Entity e) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> p : e.getAllProperties().entrySet()) {
            out.put(p.getKey(), typed(p.getValue()));
        }
        return out.toString();
    }

    private static String typed(Object v) {
        if (v.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                items.add(typed(Array.get(v, i)));
            }
            return v.getClass().getComponentType().getSimpleName() + items;
        }
        return v.getClass().getSimpleName() + ":" + v;
    }
}
