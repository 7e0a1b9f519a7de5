package io.prescale.benchmarks.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Summarises a CPU profile in async-profiler's collapsed format, taken with its {@code threads}
 * option (each stack starts with the thread's name): the share of samples of each thread (task
 * threads under their task's name, subtask and thread id dropped), then for the threads whose name
 * contains a given text, the frames most often on their stacks (inclusive, but for those on nearly
 * all of them) and most often on top (self). {@code benchmarks/profile-job.sh} records such a
 * profile of the streaming job.
 *
 * <pre>
 *   CollapsedProfile FILE [THREAD_TEXT [FRAMES]]
 * </pre>
 */
public final class CollapsedProfile {
    private static final Pattern THREAD_SUFFIX =
            Pattern.compile("( \\(\\d+/\\d+\\)#\\d+)? tid=\\d+");

    /** One stack and its samples. */
    record Stack(String thread, List<String> frames, long samples) {}

    private CollapsedProfile() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: CollapsedProfile FILE [THREAD_TEXT [FRAMES]]");
            System.exit(2);
        }
        try {
            List<Stack> stacks = read(Path.of(args[0]));
            print(stacks, args.length > 1 ? args[1] : null, args.length > 2 ? count(args[2]) : 25);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("CollapsedProfile: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int count(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("FRAMES must be a positive integer, was '" + s + "'");
    }

    /**
     * The stacks of {@code file}: lines {@code [thread];frame;…;frame COUNT}.
     *
     * @throws IllegalArgumentException naming the line that does not fit
     */
    static List<Stack> read(Path file) {
        List<Stack> stacks = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file)) {
            int[] n = {0};
            lines.forEach(
                    line -> {
                        n[0]++;
                        if (!line.isBlank()) {
                            stacks.add(parse(line, file, n[0]));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return stacks;
    }

    private static Stack parse(String line, Path file, int lineNumber) {
        int space = line.lastIndexOf(' ');
        String where = file + " line " + lineNumber;
        if (space < 0 || !line.startsWith("[")) {
            throw new IllegalArgumentException(
                    where
                            + ": expected '[thread];frame;... COUNT' (a profile taken with 'threads')");
        }
        long samples;
        try {
            samples = Long.parseLong(line.substring(space + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": no sample count at the end");
        }
        String[] parts = line.substring(0, space).split(";");
        String thread = parts[0].substring(1, parts[0].length() - 1);
        thread = THREAD_SUFFIX.matcher(thread).replaceAll("");
        return new Stack(thread, List.of(parts).subList(1, parts.length), samples);
    }

    static void print(List<Stack> stacks, String threadText, int frames) {
        long total = stacks.stream().mapToLong(Stack::samples).sum();
        if (total == 0) {
            throw new IllegalArgumentException("the profile has no samples");
        }
        System.out.printf("%,d samples%n%nshare of samples by thread:%n", total);
        Map<String, Long> byThread = new LinkedHashMap<>();
        for (Stack s : stacks) {
            byThread.merge(s.thread(), s.samples(), Long::sum);
        }
        top(byThread, 20, total);
        if (threadText == null) {
            return;
        }
        Map<String, Long> inclusive = new LinkedHashMap<>();
        Map<String, Long> self = new LinkedHashMap<>();
        long selected = 0;
        for (Stack s : stacks) {
            if (!s.thread().contains(threadText)) {
                continue;
            }
            selected += s.samples();
            Set<String> seen = new HashSet<>();
            for (String f : s.frames()) {
                if (seen.add(f)) {
                    inclusive.merge(f, s.samples(), Long::sum);
                }
            }
            if (!s.frames().isEmpty()) {
                self.merge(s.frames().get(s.frames().size() - 1), s.samples(), Long::sum);
            }
        }
        if (selected == 0) {
            throw new IllegalArgumentException("no thread's name contains '" + threadText + "'");
        }
        System.out.printf(
                "%nthreads with '%s' in their name: %,d samples; frames on their stacks (those on"
                        + " 90 %% or more, the task's loop, left out):%n",
                threadText, selected);
        long loop = selected * 9 / 10;
        inclusive.values().removeIf(v -> v >= loop);
        top(inclusive, frames, selected);
        System.out.printf("%nframes on top of their stacks (self):%n");
        top(self, frames, selected);
    }

    private static void top(Map<String, Long> counts, int n, long of) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .forEach(
                        e ->
                                System.out.printf(
                                        "%6.1f %%  %s%n", 100.0 * e.getValue() / of, e.getKey()));
    }
}
