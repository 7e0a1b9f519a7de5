package io.prescale.model;

import java.nio.charset.StandardCharsets;

/**
 * The Kafka keys of prescale's topics, each keyed by what its records belong to (an entity, an
 * override's scope), so that they are read in the order they were sent.
 */
public final class RecordKeys {
    private RecordKeys() {}

    /** {@code key} as UTF-8 text, or null when the record has none. */
    public static String text(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /**
     * Checks that a record's {@code key} is its {@code owner} (a record without a key is taken as
     * its owner's).
     *
     * @param what what the owner is, for the message ("entity", "scope")
     * @throws InvalidRecordException {@code record key 'K' is not the WHAT 'OWNER'}, each shown as
     *     a name in a message is (its first 64 characters, no control character)
     */
    public static void requireOwn(String key, String what, String owner) {
        if (key != null && !key.equals(owner)) {
            throw new InvalidRecordException(
                    "record key "
                            + Checks.shown(key)
                            + " is not the "
                            + what
                            + " "
                            + Checks.shown(owner));
        }
    }
}
