package io.strata.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.retail.RetailProject;
import io.strata.transforms.contract.GoldModel;
import io.strata.transforms.contract.Project;
import java.util.Set;
import org.junit.Test;

public class GoldStageTest {
  private static final Project RETAIL = Project.load(RetailProject.find().orElseThrow());

  @Test
  public void newPaymentsRefreshOnlyTheModelThatReadsThem() {
    assertThat(GoldStage.affected(RETAIL, Set.of("payments")))
        .extracting(GoldModel::name)
        .containsExactly("order_payments");
  }

  @Test
  public void changedOrdersRefreshEveryModelThatReadsThemDirectlyOrThroughAnotherModel() {
    assertThat(GoldStage.affected(RETAIL, Set.of("orders")))
        .extracting(GoldModel::name)
        .containsExactlyInAnyOrder(
            "fact_order_lines", "daily_sales", "customer_360", "order_payments");
  }

  @Test
  public void nothingChangedRefreshesNothing() {
    assertThat(GoldStage.affected(RETAIL, Set.of())).isEmpty();
  }
}
