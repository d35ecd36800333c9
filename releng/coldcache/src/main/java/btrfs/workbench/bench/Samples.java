package btrfs.workbench.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Sample;

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
}
