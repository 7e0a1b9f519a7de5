package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.ScaleCommand;
import java.util.Objects;

/**
 * One element of an actuator writer's checkpoint: a command in force on a backend that restarts
 * empty ({@link AppliedCommands}), or what its InfluxDB results writer held, the points not yet
 * written and the entities it tags ({@link InfluxBacklog}), so that a restored actuator writes
 * those points and tags the same entities (a restart had split their {@code actuation} series).
 */
sealed interface ActuatorState {

    /** A command applied and still in force. */
    record InForce(ScaleCommand command) implements ActuatorState {
        public InForce {
            Objects.requireNonNull(command, "command");
        }
    }

    /** The InfluxDB results writer's backlog and tagged entities. */
    record Influx(InfluxBacklog backlog) implements ActuatorState {
        public Influx {
            Objects.requireNonNull(backlog, "backlog");
        }
    }
}
