import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * The graph the Neo4j backup downtime is measured on (bench/neo4j/downtime.sh): NODES nodes with two
 * labels and eight properties, RELS relationships with three, an index and a constraint, written in an
 * embedded Neo4j 5.26 (neo4j-harness) into a data folder, then stopped. Run with the test classpath:
 * java -cp CP MakeGraph.java HOME DATA NODES RELS
 */
public class MakeGraph {
    public static void main(String[] args) {
        java.nio.file.Path home = java.nio.file.Path.of(args[0]);
        java.nio.file.Path data = java.nio.file.Path.of(args[1]);
        long nodes = Long.parseLong(args[2]);
        long rels = Long.parseLong(args[3]);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.data_directory, data).build();
        try {
            var db = dbms.database("neo4j");
            for (String schema : List.of("CREATE CONSTRAINT item_key FOR (i:Item) REQUIRE i.key IS UNIQUE",
                    "CREATE INDEX item_name FOR (i:Item) ON (i.name)")) {
                db.executeTransactionally(schema);
            }
            long batch = 20_000;
            for (long from = 0; from < nodes; from += batch) {
                db.executeTransactionally("""
                        UNWIND range($from, $to) AS i
                        CREATE (:Item:Thing {key: i, name: 'item ' + i, score: i * 0.5, active: i % 2 = 0,
                          tags: ['a', 'b'], seen: datetime('2026-01-01T00:00:00Z'), at: point({x: i, y: 1.0}), n: i})
                        """, Map.of("from", from, "to", Math.min(nodes, from + batch) - 1));
            }
            long perNode = rels / nodes;
            for (long from = 0; from < nodes; from += batch) {
                db.executeTransactionally("""
                        MATCH (a:Item) WHERE a.key >= $from AND a.key < $to
                        UNWIND range(1, $per) AS k
                        MATCH (b:Item {key: (a.key * 7919 + k * 104729) % $nodes})
                        CREATE (a)-[:LINKS {weight: k * 0.1, kind: 'k' + k, since: date('2025-01-01')}]->(b)
                        """, Map.of("from", from, "to", Math.min(nodes, from + batch), "per", perNode, "nodes", nodes));
            }
            System.out.println(db.executeTransactionally("MATCH (n) RETURN count(n) AS n", Map.of(), r -> r.next().get("n"))
                    + " nodes, " + db.executeTransactionally("MATCH ()-[r]->() RETURN count(r) AS n", Map.of(), r -> r.next().get("n"))
                    + " relationships");
        } finally {
            dbms.shutdown();
        }
    }
}
