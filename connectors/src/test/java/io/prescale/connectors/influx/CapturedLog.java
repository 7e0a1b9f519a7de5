package io.prescale.connectors.influx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Captures what one class logs at INFO and above, for tests that a condition is logged. */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> all = new CopyOnWriteArrayList<>();
    private final Logger logger;

    public CapturedLog(Class<?> source) {
        super("captured-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(source);
        start();
        logger.addAppender(this);
        logger.setLevel(Level.INFO);
    }

    @Override
    public void append(LogEvent event) {
        all.add(event.getMessage().getFormattedMessage());
        if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
            messages.add(event.getMessage().getFormattedMessage());
        }
    }

    /** What was logged at WARN and above. */
    public List<String> warnings() {
        return List.copyOf(messages);
    }

    /** What was logged at INFO and above. */
    public List<String> lines() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
