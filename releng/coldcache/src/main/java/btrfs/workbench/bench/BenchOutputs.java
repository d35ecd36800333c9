package btrfs.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import btrfs.workbench.bench.report.BenchChart;
import btrfs.workbench.bench.report.BenchJson;
import btrfs.workbench.bench.report.BenchMarkdown;
import btrfs.workbench.bench.report.BenchResult;

/** Writes a result into the output directory: {@code bench.json}, {@code bench.md}, {@code bench.png}. */
public final class BenchOutputs {

    private BenchOutputs() {
    }

    /** @return the files written */
    public static List<Path> write(BenchResult result, Path out) throws BenchException {
        try {
            Files.createDirectories(out);
            Path json = Files.writeString(out.resolve("bench.json"), BenchJson.write(result));
            Path markdown = Files.writeString(out.resolve("bench.md"), BenchMarkdown.render(result));
            Path png = out.resolve("bench.png");
            BenchChart.write(result, png);
            return List.of(json, markdown, png);
        } catch (IOException e) {
            throw new BenchException("cannot write the results into " + out + ": " + e.getMessage(), e);
        }
    }
}
