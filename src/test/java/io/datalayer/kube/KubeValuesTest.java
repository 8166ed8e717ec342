package io.datalayer.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Each value is made once on the Java side and then shared; the value is the one asked for, of its kind. */
class KubeValuesTest {
    @Test
    void aQuantityIsMadeOnceAndHoldsItsValue() {
        assertSame(KubeValues.quantity("1Gi"), KubeValues.quantity("1Gi"));
        assertNotSame(KubeValues.quantity("1Gi"), KubeValues.quantity("2Gi"));
        assertEquals("1Gi", KubeValues.quantity("1Gi").getValue());
        assertEquals("100m", KubeValues.quantity("100m").getValue());
    }

    @Test
    void anIntOrStringIsMadeOnceAndKeepsItsKind() {
        assertSame(KubeValues.intOrString(53), KubeValues.intOrString(53));
        assertSame(KubeValues.intOrString("postgresql"), KubeValues.intOrString("postgresql"));
        assertEquals(53, ((Number) KubeValues.intOrString(53).getValue()).intValue());
        assertEquals("53", KubeValues.intOrString("53").getValue());
        assertNotSame(KubeValues.intOrString(53), KubeValues.intOrString("53"));
    }
}
