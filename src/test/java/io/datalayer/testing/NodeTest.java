package io.datalayer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTest {
    private static final Node POD = Node.of(Map.of("volumes", List.of(Map.of("name", "a", "x", 1), Map.of("name", "b", "x", 2))));

    @Test
    void listElementsByPositionOrByAField() {
        assertEquals(2, POD.at("volumes[1].x").value());
        assertEquals(2, POD.at("volumes[name=b].x").value());
        assertEquals(null, POD.at("volumes[name=c].x").value());
        assertEquals(null, POD.at("volumes[5]").value());
    }
}
