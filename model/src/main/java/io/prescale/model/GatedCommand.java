package io.prescale.model;

/**
 * A command on its way from the actuator's version gate to the backend, with the gate's verdict.
 * The gate forwards every command: one whose version is newer than every version it passed before
 * for the (entity, resource) is to be applied; any other is superseded, and the actuator reports it
 * {@code SUPERSEDED} with the amount in force, which only the actuator knows (the newest command
 * passed may since have been rejected or failed).
 *
 * @param superseded whether a command of this version or a newer one was passed before
 * @param newestVersion the newest version passed for the command's (entity, resource), this
 *     command's own when it is not superseded; never below the command's version
 */
public record GatedCommand(ScaleCommand command, boolean superseded, long newestVersion) {

    public GatedCommand {
        Checks.notNull("command", command);
        Checks.atLeast("newestVersion", newestVersion, command.version());
    }

    /** {@code command}, newer than every version passed before it for its key: to be applied. */
    public static GatedCommand passed(ScaleCommand command) {
        return new GatedCommand(command, false, command.version());
    }

    /** {@code command}, not newer than {@code newestVersion}, passed before for its key. */
    public static GatedCommand superseded(ScaleCommand command, long newestVersion) {
        return new GatedCommand(command, true, newestVersion);
    }
}
