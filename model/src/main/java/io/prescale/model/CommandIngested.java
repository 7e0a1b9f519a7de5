package io.prescale.model;

/**
 * What reading one {@code prescale.commands} record yields: the command, or a dead letter when it
 * does not decode. Exactly one of the two is set.
 */
public record CommandIngested(ScaleCommand command, DeadLetter deadLetter) {

    public CommandIngested {
        if ((command == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("exactly one of command and deadLetter must be set");
        }
    }
}
