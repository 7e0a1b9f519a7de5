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
 * {@link InfluxBacklog} in a checkpoint. Version 2: the lines (their number, then each one's UTF-8
 * length and bytes), then the tagged entities the same way. Version 1, the lines only, is read as
 * no entity tagged.
 */
public final class InfluxBacklogSerializer implements SimpleVersionedSerializer<InfluxBacklog> {
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(InfluxBacklog backlog) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, backlog.lines());
            write(out, backlog.tagged());
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, List<String> texts) throws IOException {
        out.writeInt(texts.size());
        for (String text : texts) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    @Override
    public InfluxBacklog deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != VERSION) {
            throw new IOException(
                    "InfluxDB sink state of version " + version + ", this reader knows 1 and 2");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            List<String> lines = read(in, serialized.length, "line");
            return new InfluxBacklog(
                    lines, version == 1 ? List.of() : read(in, serialized.length, "entity"));
        }
    }

    private static List<String> read(DataInputStream in, int size, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > size) {
            throw new IOException("InfluxDB sink state: corrupt " + what + " count " + n);
        }
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("InfluxDB sink state: corrupt " + what + " length " + length);
            }
            texts.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
