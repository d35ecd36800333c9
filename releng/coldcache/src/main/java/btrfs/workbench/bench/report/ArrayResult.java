package btrfs.workbench.bench.report;

import java.util.List;
import java.util.Optional;

import btrfs.workbench.bench.measure.Method;
import btrfs.workbench.bench.measure.Scope;

/** Every method measured on one array. */
public record ArrayResult(ArrayFacts facts, List<MethodResult> methods) {

    public ArrayResult {
        methods = List.copyOf(methods);
    }

    public Optional<MethodResult> method(Method method) {
        return methods.stream().filter(m -> m.method() == method && m.measured()).findFirst();
    }

    /** {@code ratio.numerator} median over {@code ratio.denominator} median; empty if either was not measured. */
    public Optional<Double> ratio(Ratio ratio) {
        return ratio(ratio.numerator(), ratio.denominator());
    }

    public Optional<Double> ratio(Method numerator, Method denominator) {
        Optional<MethodResult> a = method(numerator);
        Optional<MethodResult> b = method(denominator);
        return a.isPresent() && b.isPresent() ? Optional.of(a.get().median() / b.get().median()) : Optional.empty();
    }

    /** The engine's readahead of the same scope: what "× reada" compares with. */
    public Optional<Double> versusReada(MethodResult m) {
        Method reada = m.method().scope() == Scope.FS ? Method.READA_FS
                : Method.READA_ALL;
        return ratio(m.method(), reada);
    }
}
