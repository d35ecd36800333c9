package btrfs.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.bench.report.BenchChart;
import btrfs.workbench.bench.report.BenchJson;
import btrfs.workbench.bench.report.BenchMarkdown;
import btrfs.workbench.bench.report.BenchResult;
import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.bench.report.TimelineChart;

/**
 * Writes a run into the output directory: {@code bench.json}, {@code bench.md}, {@code bench.png}
 * and a {@code timeline-ARRAY-METHOD.png} per engine readahead.
 */
public final class BenchOutputs {

    private BenchOutputs() {
    }

    /** @return the files written */
    public static List<Path> write(BenchRun run, Path out) throws BenchException {
        BenchResult result = run.result();
        try {
            Files.createDirectories(out);
            List<Path> files = new ArrayList<>();
            files.add(Files.writeString(out.resolve("bench.json"), BenchJson.write(result)));
            files.add(Files.writeString(out.resolve("bench.md"), BenchMarkdown.render(result)));
            files.add(out.resolve("bench.png"));
            BenchChart.write(result, files.getLast());
            for (Timeline timeline : run.timelines()) {
                files.add(out.resolve(timeline.fileName()));
                TimelineChart.write(timeline, files.getLast());
            }
            return files;
        } catch (IOException e) {
            throw new BenchException("cannot write the results into " + out + ": " + e.getMessage(), e);
        }
    }
}
