package btrfs.workbench.metadata;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one on-disk structure: the {@link Ok value} or
 * {@link Bad why not}. Bad data is a result, never an exception.
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Bad {

    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Bad<T>(String reason) implements Decoded<T> {
        public Bad {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> bad(String reason) {
        return new Bad<>(reason);
    }

    default Optional<T> toOptional() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }
}
