package io.prescale.connectors.actuator;

import io.prescale.model.ScaleCommand;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each command and reports it applied: dry runs and the actuator benchmark.
 *
 * <p>With a table of accepted units (resource → unit) it rejects other resources and units like a
 * real backend would; with an empty table (the no-argument constructor) it accepts every command,
 * so that a dry run works whatever resource the job is configured to command.
 */
public final class LogBackend implements ActuatorBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LogBackend.class);

    private final Map<String, String> acceptedUnits;

    /** Accepts every resource and unit. */
    public LogBackend() {
        this(Map.of());
    }

    /** Accepts only the given resources, each in its unit. */
    public LogBackend(Map<String, String> acceptedUnits) {
        this.acceptedUnits = Map.copyOf(acceptedUnits);
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public BackendResponse apply(ScaleCommand c) throws RejectedCommandException {
        if (!acceptedUnits.isEmpty()) {
            String unit = acceptedUnits.get(c.resource());
            if (unit == null) {
                throw new RejectedCommandException(
                        "resource '" + c.resource() + "' is not accepted by log " + acceptedUnits);
            }
            if (!unit.equals(c.unit())) {
                throw new RejectedCommandException(
                        "unit '" + c.unit() + "' is wrong for resource '" + c.resource() + "'");
            }
        }
        LOG.info(
                "{} {} {} -> {} {} (v{}): {}",
                c.action(),
                c.entity(),
                c.resource(),
                readable(c.targetAmount()),
                c.unit(),
                c.version(),
                c.reason());
        return new BackendResponse(c.targetAmount(), "logged");
    }

    /**
     * An amount for a person to read: 6 significant digits but every digit of its whole part (a
     * byte count stays exact), no exponent, no trailing zeros ({@code 37.4892} for 37.48923749823);
     * the command on {@code prescale.commands} and the result keep the full value.
     */
    static String readable(double amount) {
        BigDecimal exact = new BigDecimal(amount);
        int wholeDigits = exact.precision() - exact.scale();
        return exact.round(new MathContext(Math.max(6, wholeDigits), RoundingMode.HALF_EVEN))
                .stripTrailingZeros()
                .toPlainString();
    }

    @Override
    public void close() {}
}
