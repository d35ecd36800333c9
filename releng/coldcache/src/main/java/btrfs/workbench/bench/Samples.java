package btrfs.workbench.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;
import btrfs.workbench.bench.report.Timeline;

/** Every sample taken, by array and method, in the order taken. */
final class Samples {

    private final Map<String, Map<Method, List<Sample>>> byArray = new LinkedHashMap<>();

    void add(String array, Method method, Sample sample) {
        byArray.computeIfAbsent(array, a -> new EnumMap<>(Method.class))
                .computeIfAbsent(method, m -> new ArrayList<>()).add(sample);
    }

    Map<Method, List<Sample>> of(String array) {
        return byArray.getOrDefault(array, Map.of());
    }

    /** The timeline of {@code method}'s median run on {@code array}, if it recorded one. */
    Optional<Timeline> medianTimeline(String array, Method method) {
        List<Sample> runs = of(array).getOrDefault(method, List.of()).stream()
                .filter(s -> !s.failed() && !s.lanes().isEmpty())
                .sorted(Comparator.comparingDouble(Sample::seconds)).toList();
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Sample median = runs.get(runs.size() / 2);
        return Optional.of(new Timeline(array, method.id(), median.seconds(), median.lanes()));
    }
}
