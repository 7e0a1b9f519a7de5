package io.prescale.it.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets a Linux process listens on, read from {@code /proc}. */
final class ListeningSockets {

    /** A listening socket: its local address as {@code /proc/net/tcp*} writes it, and port. */
    record Listener(String hexAddress, int port, long inode) {
        /** 127.0.0.1 in tcp, and ::1 and ::ffff:127.0.0.1 (Java's dual-stack sockets) in tcp6. */
        private static final Set<String> LOOPBACK =
                Set.of(
                        "0100007F",
                        "00000000000000000000000001000000",
                        "0000000000000000FFFF00000100007F");

        boolean isLoopback() {
            return LOOPBACK.contains(hexAddress);
        }
    }

    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {}

    static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** The sockets in LISTEN state whose file descriptors belong to process {@code pid}. */
    static List<Listener> of(long pid) throws IOException {
        Set<Long> inodes = socketInodes(pid);
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                long inode = Long.parseLong(f[9]);
                if (LISTEN_STATE.equals(f[3]) && inodes.contains(inode)) {
                    listeners.add(new Listener(local[0], Integer.parseInt(local[1], 16), inode));
                }
            }
        }
        return listeners;
    }

    private static Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                }
            }
        }
        return inodes;
    }
}
