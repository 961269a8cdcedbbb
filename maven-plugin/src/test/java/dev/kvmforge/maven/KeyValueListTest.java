package dev.kvmforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueListTest {

    @Test
    void pairsInOrderWithEscapedCommas() {
        assertEquals(Map.of("disk", "20G", "tags", "a,b", "empty", "", "eq", "x=y"),
                KeyValueList.parse("extraVars", " disk = 20G ,tags=a\\,b,empty=,eq=x=y,"));
        assertEquals(Map.of(), KeyValueList.parse("extraVars", null));
        assertEquals(Map.of(), KeyValueList.parse("extraVars", "  "));
    }

    @Test
    void aWordWithoutValueOrABadNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValueList.parse("extraVars", "a=1,justaword"));
        assertTrue(e.getMessage().startsWith("extraVars: 'justaword' is not NAME=VALUE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyValueList.parse("extraVars", "1x=2"));
    }
}
