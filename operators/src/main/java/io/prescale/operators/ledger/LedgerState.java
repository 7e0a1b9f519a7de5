package io.prescale.operators.ledger;

/**
 * What the ledger keeps for one resource of one entity.
 *
 * @param commanded the newest commanded amount (NaN before the first command)
 * @param versionCommanded its version (0 before the first command)
 * @param applied the amount in place after the newest result (NaN before the first result)
 * @param versionApplied the newest version the backend applied (0 before the first)
 * @param status the status of the newest result, or {@code null}
 * @param failed how many results were FAILED
 * @param rejected how many results were REJECTED
 * @param issuedMillis the issue time (epoch ms) of the newest command, 0 before the first (and in
 *     lines restored from checkpoints written before it was kept)
 */
public record LedgerState(
        double commanded,
        long versionCommanded,
        double applied,
        long versionApplied,
        String status,
        long failed,
        long rejected,
        long issuedMillis) {

    static LedgerState empty() {
        return new LedgerState(Double.NaN, 0, Double.NaN, 0, null, 0, 0, 0);
    }
}
