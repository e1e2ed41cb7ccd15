package io.strata.pipelines;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/**
 * No package imports one that imports it back, directly or around a longer loop. Checked over every
 * module the command line is built from (transforms, ml, retail, the embedded services and this
 * one); a module that depends on this one (the benchmark) cannot close a loop with it, since Maven
 * modules cannot depend on each other both ways.
 */
public class PackageDependenciesTest {
  private static final JavaClasses STRATA =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.strata");

  @Test
  public void noPackagesImportEachOther() {
    slices().matching("io.strata.(**)").should().beFreeOfCycles().check(STRATA);
  }
}
