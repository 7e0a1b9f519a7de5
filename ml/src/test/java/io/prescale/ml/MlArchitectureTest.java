package io.prescale.ml;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** {@code ml/} is framework-free: the backtest, the benchmarks and the job share its code. */
@AnalyzeClasses(packages = "io.prescale.ml", importOptions = ImportOption.DoNotIncludeTests.class)
class MlArchitectureTest {

    @ArchTest
    static final ArchRule ML_IMPORTS_NO_FRAMEWORK =
            noClasses()
                    .that()
                    .resideInAPackage("io.prescale.ml..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.flink..", "org.apache.kafka..", "org.influxdb..")
                    .because("ml/ must stay framework-free (DESIGN.md, STYLE.md rule 1)");
}
