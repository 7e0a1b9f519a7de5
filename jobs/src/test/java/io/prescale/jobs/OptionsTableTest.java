package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents every job option exactly as {@link JobOptions} declares it. */
class OptionsTableTest {

    @Test
    void readmeHoldsTheGeneratedTable() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        assertThat(text)
                .as(
                        "README.md's option table is stale: replace it with the output of"
                                + " io.prescale.jobs.OptionsTable")
                .contains(OptionsTable.markdown());
        assertThat(text.split(java.util.regex.Pattern.quote(OptionsTable.END), -1))
                .as("one end marker (a stale paste left three)")
                .hasSize(2);
    }

    @Test
    void everyOptionHasADescription() {
        assertThat(JobOptions.all())
                .isNotEmpty()
                .allSatisfy(o -> assertThat(OptionsTable.description(o)).isNotBlank());
    }
}
