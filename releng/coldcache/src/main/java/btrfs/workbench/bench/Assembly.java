package btrfs.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import btrfs.workbench.bench.array.AttachedArray;
import btrfs.workbench.bench.array.BuiltArray;
import btrfs.workbench.bench.array.MetadataRanges;
import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;
import btrfs.workbench.bench.measure.Scope;
import btrfs.workbench.bench.report.ArrayFacts;
import btrfs.workbench.bench.report.ArrayResult;
import btrfs.workbench.bench.report.MethodResult;
import btrfs.workbench.bench.report.ScalingPoint;

/**
 * Samples into results: the runs that counted, and for the methods that do not count blocks (the
 * limit, the peers) the blocks of their scope as the engine counted them.
 */
final class Assembly {

    private Assembly() {
    }

    static ArrayResult array(AttachedArray attached, Map<Method, List<Sample>> samples) {
        BuiltArray built = attached.array();
        long fsBlocks = engineBlocks(samples, Method.READA_FS);
        long allBlocks = engineBlocks(samples, Method.READA_ALL);
        int nodesize = built.spec().nodesize();
        List<MethodResult> methods = new ArrayList<>();
        for (Map.Entry<Method, List<Sample>> e : samples.entrySet()) {
            long blocks = e.getKey().scope() == Scope.FS ? fsBlocks : allBlocks;
            methods.add(result(e.getKey(), e.getValue(), blocks, nodesize));
        }
        ArrayFacts facts = new ArrayFacts(attached.name(), built.spec().describe() + ", loop " + attached.mode().label(),
                built.metadataUsed(),
                built.metadataGroups(), MetadataRanges.total(attached.ranges()), fsBlocks, allBlocks,
                built.snapshots(), built.files());
        return new ArrayResult(facts, methods);
    }

    static ScalingPoint scaling(String array, List<Sample> readaFs) {
        return new ScalingPoint(array, maxBlocks(readaFs), seconds(readaFs));
    }

    /**
     * One method's result. An engine method that read another number of blocks than the reada of its
     * scope did gets that as an error: every strategy must read the same trees.
     */
    private static MethodResult result(Method method, List<Sample> samples, long scopeBlocks, int nodesize) {
        List<String> errors = new ArrayList<>();
        for (Sample s : samples) {
            if (s.failed()) {
                errors.add(s.error());
            } else if (s.blocks() >= 0 && s.blocks() != scopeBlocks) {
                errors.add("read " + s.blocks() + " blocks where reada read " + scopeBlocks);
            }
        }
        // what the limit and the engine read themselves; for the peers, the tree blocks of their scope
        long measured = maxBytes(samples);
        long bytes = measured > 0 ? measured : scopeBlocks * nodesize;
        return new MethodResult(method, seconds(samples), scopeBlocks, bytes, errors);
    }

    private static long engineBlocks(Map<Method, List<Sample>> samples, Method reada) {
        return maxBlocks(samples.getOrDefault(reada, List.of()));
    }

    private static long maxBlocks(List<Sample> samples) {
        return samples.stream().filter(s -> !s.failed()).mapToLong(Sample::blocks).max().orElse(0);
    }

    private static long maxBytes(List<Sample> samples) {
        return samples.stream().filter(s -> !s.failed()).mapToLong(Sample::bytes).max().orElse(0);
    }

    /** Seconds of the runs that counted. */
    private static List<Double> seconds(List<Sample> samples) {
        return samples.stream().filter(s -> !s.failed()).map(Sample::seconds).toList();
    }
}
