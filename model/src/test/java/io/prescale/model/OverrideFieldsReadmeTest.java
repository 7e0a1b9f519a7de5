package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the override's fields names every field of {@link PolicyOverride}, and the
 * lead times it gives as examples decode as it says.
 */
class OverrideFieldsReadmeTest {
    private static final Pattern ROW = Pattern.compile("^  \\| `(\\w+)` \\|", Pattern.MULTILINE);

    @Test
    void everyFieldOfTheOverrideHasARow() throws IOException {
        String table = table();
        List<String> rows = new ArrayList<>();
        for (Matcher m = ROW.matcher(table); m.find(); ) {
            rows.add(m.group(1));
        }
        List<String> fields = new ArrayList<>(List.of("v"));
        fields.addAll(
                Arrays.stream(PolicyOverride.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
        assertThat(rows).containsExactlyElementsOf(fields);
    }

    @Test
    void theLeadTimesItShowsDecode() {
        for (String lead : List.of("PT10M", "PT1H", "P1D", "PT90S", "PT1S")) {
            assertThat(decode("\"" + lead + "\"").leadTime())
                    .as(lead)
                    .isEqualTo(Duration.parse(lead));
        }
        for (String notOne : List.of("600", "\"10m\"")) {
            assertThatThrownBy(() -> decode(notOne))
                    .as(notOne)
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("leadTime");
        }
    }

    private static PolicyOverride decode(String leadTime) {
        String json = "{\"v\":1,\"scope\":\"vm-7\",\"leadTime\":" + leadTime + "}";
        return JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), PolicyOverride.class);
    }

    /** The README's lines from the override table's header to the line after its last row. */
    private static String table() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("  | Field | Type and range | Meaning |");
        assertThat(start).as("the README's table of override fields").isNotNegative();
        int end = readme.indexOf("\n\n", start);
        return readme.substring(start, end);
    }
}
