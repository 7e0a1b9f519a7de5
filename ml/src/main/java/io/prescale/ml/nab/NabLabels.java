package io.prescale.ml.nab;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.ml.trace.TraceFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The labelled anomaly windows of a corpus, NAB's {@code windows.json}: {@code {"dir/file.csv":
 * [["start", "end"], ...], ...}}.
 *
 * <p>A data file is matched to its key by its path relative to the data directory ({@code /} as
 * separator), as NAB does, else by the one key that ends with {@code /} + that path: NAB's keys are
 * relative to its data root ({@code realAWSCloudwatch/x.csv}), and the data directory given may be
 * one category inside it. Never by file name alone: {@code other/x.csv} does not get the windows of
 * {@code realAWSCloudwatch/x.csv} (nor of {@code x.csv}, a file at the root). {@link #unmatched}
 * names the keys that no data file takes, so that they are not dropped silently.
 */
public final class NabLabels {
    private final Map<String, List<NabWindow>> windows;

    public NabLabels(Map<String, List<NabWindow>> windows) {
        Map<String, List<NabWindow>> copy = new LinkedHashMap<>();
        windows.forEach(
                (k, v) ->
                        copy.put(
                                k,
                                v.stream()
                                        .sorted(Comparator.comparing(NabWindow::start))
                                        .toList()));
        this.windows = Map.copyOf(copy);
    }

    /** Jackson's location, {@code [Source: REDACTED (...); line: 1, column: 7]}, in a message. */
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    /**
     * A JSON file of NAB's (windows, profiles) as a tree; a key given twice is refused, not
     * silently taken from its last occurrence.
     *
     * @throws TraceFormatException naming the file, the line and column and what was wrong
     */
    static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long line = at == null ? 0 : Math.max(0, at.getLineNr());
            int column = at == null ? 0 : at.getColumnNr();
            throw new TraceFormatException(
                    file,
                    line,
                    "not valid JSON"
                            + (line > 0 && column > 0 ? " at column " + column : "")
                            + ": "
                            + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new TraceFormatException(file, 0, "not readable as JSON: " + e.getMessage());
        }
    }

    /**
     * Jackson's message with each location it quotes ({@code start marker at [Source: REDACTED
     * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 7]}) said as
     * {@code line 1, column 7}: the source it names is never the file, which the message names
     * already.
     */
    static String withoutSource(String message) {
        return SOURCE_LOCATION.matcher(message).replaceAll("line $1, column $2");
    }

    /**
     * Reads a {@code windows.json}.
     *
     * @throws TraceFormatException naming the file, the key and the window that is malformed
     */
    public static NabLabels read(Path file) {
        JsonNode root = readJson(file);
        if (root == null || !root.isObject()) {
            throw new TraceFormatException(file, 0, "expected an object of file -> windows");
        }
        Map<String, List<NabWindow>> windows = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            windows.put(e.getKey(), parseWindows(file, e.getKey(), e.getValue()));
        }
        return new NabLabels(windows);
    }

    private static List<NabWindow> parseWindows(Path file, String key, JsonNode list) {
        if (!list.isArray()) {
            throw new TraceFormatException(file, 0, "'" + key + "': expected a list of windows");
        }
        List<NabWindow> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode w = list.get(i);
            String where = "'" + key + "' window " + (i + 1) + " of " + list.size();
            if (!w.isArray() || w.size() != 2 || !w.get(0).isTextual() || !w.get(1).isTextual()) {
                throw new TraceFormatException(file, 0, where + ": expected [\"start\", \"end\"]");
            }
            try {
                out.add(new NabWindow(time(file, where, "start", w), time(file, where, "end", w)));
            } catch (IllegalArgumentException bad) {
                throw new TraceFormatException(file, 0, where + ": " + bad.getMessage());
            }
        }
        return out;
    }

    /** The window's {@code end} ("start" or "end") as a time, else a message saying why not. */
    private static LocalDateTime time(Path file, String where, String end, JsonNode window) {
        String text = window.get(end.equals("start") ? 0 : 1).asText();
        try {
            return NabTimestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(
                    file,
                    0,
                    where
                            + ": "
                            + end
                            + " '"
                            + text
                            + "' is not a time as NAB writes them, "
                            + NabTimestamps.PATTERN
                            + " with an optional fraction of a second (2014-02-19 10:50:00.000000)");
        }
    }

    /**
     * The windows of the data file at {@code relativePath}, empty when the file is not labelled.
     */
    public Optional<List<NabWindow>> windowsOf(String relativePath) {
        return keyOf(relativePath).map(windows::get);
    }

    /** The key of the data file at {@code relativePath}, by the rules of the class comment. */
    private Optional<String> keyOf(String relativePath) {
        String path = relativePath.replace('\\', '/');
        if (windows.containsKey(path)) {
            return Optional.of(path);
        }
        List<String> suffix =
                windows.keySet().stream().filter(k -> k.endsWith("/" + path)).toList();
        return suffix.size() == 1 ? Optional.of(suffix.get(0)) : Optional.empty();
    }

    /**
     * The keys, sorted, that none of the data files at {@code relativePaths} takes: labels of a
     * file that is not there (a typo, a file outside the data directory), whose windows go
     * unscored.
     */
    public List<String> unmatched(Collection<String> relativePaths) {
        Set<String> taken = new HashSet<>();
        for (String p : relativePaths) {
            keyOf(p).ifPresent(taken::add);
        }
        return windows.keySet().stream().filter(k -> !taken.contains(k)).sorted().toList();
    }

    /** Number of labelled files. */
    public int size() {
        return windows.size();
    }
}
