package btrfs.workbench.cli;

import java.io.PrintStream;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The CLI's {@code --json} output: Jackson trees with the field names of the documented contracts. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** A u64 from disk: above 2^63 it is still printed as the positive number it is. */
    static void putU64(ObjectNode node, String field, long value) {
        if (value >= 0) {
            node.put(field, value);
        } else {
            node.put(field, new BigInteger(Long.toUnsignedString(value)));
        }
    }

    /** {@link #putU64} for an array element. */
    static void addU64(ArrayNode array, long value) {
        if (value >= 0) {
            array.add(value);
        } else {
            array.add(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    static void print(Object tree, PrintStream out) {
        try {
            out.println(MAPPER.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Jackson tree always serializes", e);
        }
    }
}
