package io.strata.transforms.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class ContractLoaderTest {
  private static final String ORDERS =
      String.join(
          "\n",
          "table: orders",
          "source: {kind: csv, path: 'orders/*.csv'}",
          "columns:",
          "  - {name: order_id, required: true, pattern: '^O[0-9]{8}$'}",
          "  - {name: customer_id, required: true}",
          "  - {name: amount, type: decimal, min: 0, scale: 2}",
          "key: [order_id]",
          "foreign_keys:",
          "  - {column: customer_id, table: customers}");

  @Test
  public void readsAContractWithSnakeCaseKeys() {
    TableContract c = ContractLoader.fromYaml("orders.yaml", ORDERS);
    assertThat(c.table()).isEqualTo("orders");
    assertThat(c.columns()).hasSize(3);
    assertThat(c.column("amount").orElseThrow().min()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(c.foreignKeysOrEmpty().get(0).reasonCode()).isEqualTo("customer_id.fk_missing");
    assertThat(c.dedupOrder()).containsExactly("_source", "_position");
  }

  @Test
  public void rejectsAnUnknownKeyNamingFileAndKey() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml(
                    "orders.yaml",
                    ORDERS.replace("key: [order_id]", "key: [order_id]\nprimary: yes")))
        .isInstanceOf(ContractException.class)
        .hasMessageStartingWith("orders.yaml:")
        .hasMessageContaining("primary");
  }

  @Test
  public void rejectsAWrongTypeNamingTheColumnIndex() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml(
                    "orders.yaml", ORDERS.replace("type: decimal", "type: money")))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("orders.yaml")
        .hasMessageContaining("columns[2].type");
  }

  @Test
  public void rejectsAnIdentifierThatCouldInjectSql() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml(
                    "orders.yaml",
                    ORDERS.replace("table: orders", "table: \"orders; drop table x\"")))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("table");
  }

  @Test
  public void rejectsAKeyOnAnUnknownColumn() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml(
                    "orders.yaml", ORDERS.replace("key: [order_id]", "key: [order_no]")))
        .isInstanceOf(ContractException.class)
        .hasMessage("orders.yaml: key[0]: unknown column 'order_no'");
  }

  @Test
  public void rejectsAPatternThatDoesNotCompile() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml("orders.yaml", ORDERS.replace("'^O[0-9]{8}$'", "'^O[0-9'")))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("columns[0].pattern: does not compile");
  }

  @Test
  public void rejectsAFileSourceWithoutPath() {
    assertThatThrownBy(
            () ->
                ContractLoader.fromYaml(
                    "orders.yaml",
                    ORDERS.replace(
                        "source: {kind: csv, path: 'orders/*.csv'}", "source: {kind: csv}")))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("source")
        .hasMessageContaining("path");
  }

  @Test
  public void projectOrdersParentsFirstAndRejectsAnUnknownParent() throws Exception {
    Path dir =
        Files.createDirectories(
            Path.of("target", "project-test-" + System.nanoTime(), "contracts"));
    Files.writeString(dir.resolve("a_orders.yaml"), ORDERS);
    assertThatThrownBy(() -> Project.load(dir.getParent()))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("orders.yaml: foreign_keys.customer_id: unknown table 'customers'");
    Files.writeString(
        dir.resolve("b_customers.yaml"),
        "table: customers\nsource: {kind: csv, path: 'c/*.csv'}\ncolumns: [{name: customer_id}]\nkey: [customer_id]\n");
    assertThat(Project.load(dir.getParent()).contracts())
        .extracting(TableContract::table)
        .containsExactly("customers", "orders");
  }
}
