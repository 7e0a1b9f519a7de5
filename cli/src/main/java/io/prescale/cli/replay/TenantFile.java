package io.prescale.cli.replay;

import io.prescale.ml.trace.Plural;
import io.prescale.ml.trace.TraceFormatException;
import io.prescale.ml.trace.TraceLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants {@code prescale replay --tenants FILE} gives a trace's entities: one {@code
 * ENTITY,TENANT} a line (split at the last comma, so an entity may hold commas), blank lines and
 * {@code #} comments skipped. A trace has no tenant column, and tenant overrides and tiers need
 * samples that carry one.
 */
public final class TenantFile {
    private TenantFile() {}

    /**
     * @throws IllegalArgumentException naming the file and line of a line without a comma, an empty
     *     entity or tenant, or an entity given two tenants
     */
    public static Map<String, String> read(Path file) {
        // read as traces are: a byte that is not UTF-8 is named with its line (it was "Input length
        // = 1"), and a byte-order mark is not part of the first entity (TraceLines drops it)
        List<String> lines = new ArrayList<>();
        try (TraceLines in = TraceLines.open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (TraceFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> tenants = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            String entity = comma < 0 ? "" : line.substring(0, comma).strip();
            String tenant = comma < 0 ? "" : line.substring(comma + 1).strip();
            String where = file + ":" + (i + 1) + ": ";
            if (entity.isEmpty() || tenant.isEmpty()) {
                throw new IllegalArgumentException(
                        where + "want ENTITY,TENANT, was '" + Plural.shortened(line) + "'");
            }
            String before = tenants.putIfAbsent(entity, tenant);
            if (before != null && !before.equals(tenant)) {
                throw new IllegalArgumentException(
                        where
                                + "entity '"
                                + entity
                                + "' is given tenant '"
                                + tenant
                                + "' and, on an earlier line, '"
                                + before
                                + "'");
            }
        }
        return tenants;
    }
}
