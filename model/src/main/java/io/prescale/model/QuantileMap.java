package io.prescale.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map of quantile level to value over two arrays, for the forecasts the job makes by
 * the million: {@code Map.of} hashed every boxed level into a new table for each forecast, which
 * cost more than reading the quantiles out of the model. Iterates in the order of the levels given
 * (increasing, as the forecast settings require). Equal to, and with the same hash code as, any
 * other map with the same entries; every mutator throws {@link UnsupportedOperationException}.
 */
public final class QuantileMap extends AbstractMap<Double, Double> {
    private final double[] levels;
    private final double[] values;

    private QuantileMap(double[] levels, double[] values) {
        this.levels = levels;
        this.values = values;
    }

    /**
     * The map {@code levels[i] → values[i]}. {@code levels} is kept as given (share one array
     * between maps; it must not change); {@code values} is copied.
     *
     * @throws IllegalArgumentException when the lengths differ or a level repeats
     */
    public static QuantileMap of(double[] levels, double[] values) {
        if (levels.length != values.length) {
            throw new IllegalArgumentException(
                    levels.length + " levels but " + values.length + " values");
        }
        if (!increasing(levels)) {
            for (int i = 0; i < levels.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (same(levels[i], levels[j])) {
                        throw new IllegalArgumentException("duplicate key: " + levels[i]);
                    }
                }
            }
        }
        return new QuantileMap(levels, values.clone());
    }

    /** Strictly increasing levels (the usual case) cannot repeat. */
    private static boolean increasing(double[] levels) {
        for (int i = 1; i < levels.length; i++) {
            if (!(levels[i - 1] < levels[i])) {
                return false;
            }
        }
        return true;
    }

    /** The level of the i-th entry. */
    public double level(int i) {
        return levels[i];
    }

    /** The value of the i-th entry. */
    public double value(int i) {
        return values[i];
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    private int indexOf(Object key) {
        if (key instanceof Double d) {
            for (int i = 0; i < levels.length; i++) {
                if (same(levels[i], d)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return levels.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Double get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super Double, ? super Double> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < levels.length; i++) {
            action.accept(levels[i], values[i]);
        }
    }

    @Override
    public Set<Entry<Double, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return levels.length;
            }

            @Override
            public Iterator<Entry<Double, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < levels.length;
                    }

                    @Override
                    public Entry<Double, Double> next() {
                        if (next >= levels.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(levels[i], values[i]);
                    }
                };
            }
        };
    }
}
