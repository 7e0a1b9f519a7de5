package io.prescale.connectors.influx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * {@link InfluxBacklog} in a checkpoint. Version 1: the number of lines, then each line's UTF-8
 * length and bytes.
 */
final class InfluxBacklogSerializer implements SimpleVersionedSerializer<InfluxBacklog> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(InfluxBacklog backlog) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(backlog.lines().size());
            for (String line : backlog.lines()) {
                byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public InfluxBacklog deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "InfluxDB sink state of version " + version + ", this reader knows " + VERSION);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            if (n < 0 || n > serialized.length) {
                throw new IOException("InfluxDB sink state: corrupt line count " + n);
            }
            List<String> lines = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IOException("InfluxDB sink state: corrupt line length " + length);
                }
                lines.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            return new InfluxBacklog(lines);
        }
    }
}
