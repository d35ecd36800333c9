package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;

/** {@code chunks [--json] DEV...}: the chunk map (sys_chunk_array, then the chunk tree). */
@Command(name = "chunks", description = "the chunk map: logical range, type|profile, stripes (devid:offset)")
final class ChunksCommand extends CliCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    ArrayDevices array = new ArrayDevices();

    ChunksCommand(Io io) {
        super(io);
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        try (OpenFilesystem fs = OpenFilesystem.open(array.devices)) {
            int exit = fs.reportProblems(err);
            List<ChunkItem> chunks = fs.get().chunkMap().chunks();
            if (json) {
                Json.print(toJson(chunks), out);
            } else {
                out.println("logical\tlength\ttype\tstripes(devid:offset)");
                chunks.forEach(chunk -> out.println(line(chunk)));
            }
            return exit;
        }
    }

    private static String line(ChunkItem chunk) {
        return Long.toUnsignedString(chunk.logical()) + "\t" + Long.toUnsignedString(chunk.length()) + "\t"
                + chunk.typeString() + "\t" + chunk.stripes().stream()
                        .map(s -> Long.toUnsignedString(s.devid()) + ":" + Long.toUnsignedString(s.offset()))
                        .collect(Collectors.joining(","));
    }

    private static ArrayNode toJson(List<ChunkItem> chunks) {
        ArrayNode array = Json.array();
        for (ChunkItem chunk : chunks) {
            ObjectNode node = array.addObject();
            Json.putU64(node, "logical", chunk.logical());
            Json.putU64(node, "length", chunk.length());
            node.put("type", chunk.typeString());
            Json.putU64(node, "stripe_len", chunk.stripeLen());
            ArrayNode stripes = node.putArray("stripes");
            for (Stripe stripe : chunk.stripes()) {
                ObjectNode s = stripes.addObject();
                Json.putU64(s, "devid", stripe.devid());
                Json.putU64(s, "offset", stripe.offset());
            }
        }
        return array;
    }
}
