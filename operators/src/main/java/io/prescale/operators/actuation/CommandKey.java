package io.prescale.operators.actuation;

import io.prescale.model.ScaleCommand;

/** Commands are versioned per (entity, resource): the key of the version gate. */
public record CommandKey(String entity, String resource) {
    public static CommandKey of(ScaleCommand c) {
        return new CommandKey(c.entity(), c.resource());
    }
}
