package io.prescale.jobs.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RowChecksTest {
    /** The definition the loop replaces. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    @Test
    void isCodeAgreesWithTheRegularExpression() {
        List<String> values =
                new ArrayList<>(
                        List.of(
                                "",
                                "cpu_max_pct",
                                "a",
                                "x".repeat(64),
                                "x".repeat(65),
                                "pool/cpu:1.5-a",
                                "with space",
                                "é",
                                "A-Z_a-z_0-9",
                                "\u0660",
                                "tab\t",
                                "[x]",
                                "a+b"));
        Random random = new Random(7);
        String alphabet = "Az09_.:/-+ é[]\\^!`@{|}~";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(70);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(b.toString());
        }
        for (String v : values) {
            assertThat(RowChecks.isCode(v)).as(v).isEqualTo(CODE.matcher(v).matches());
        }
    }
}
