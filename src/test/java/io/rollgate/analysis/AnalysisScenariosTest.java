package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class AnalysisScenariosTest {
  @Test
  void theCommittedErrorSpikeFixtureIsWhatTheBuilderWrites() throws Exception {
    // Regenerate with: AnalysisScenarios.checkoutErrorSpike() written to
    // test-fixtures/metrics/checkout-error-spike.om
    assertThat(Files.readString(AnalysisScenarios.CHECKOUT_ERROR_SPIKE))
        .isEqualTo(AnalysisScenarios.checkoutErrorSpike());
  }
}
