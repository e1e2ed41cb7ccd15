package io.strata.ml;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;

public class WindowsTest {
  // The default sample: Monday 2026-01-05 for 90 days, last day 2026-04-04.
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 5);
  private static final LocalDate LAST = FIRST.plusDays(89);

  @Test
  public void windowEndsAreTheMondaysAfterTheFirstDayUpToTheDayAfterTheLast() {
    Windows w = Windows.of(FIRST, LAST, 0, 2);
    assertEquals(LocalDate.of(2026, 1, 12), w.ends().get(0));
    assertEquals(LocalDate.of(2026, 3, 30), w.ends().get(w.latest()));
    w.ends().forEach(e -> assertEquals(DayOfWeek.MONDAY, e.getDayOfWeek()));
  }

  @Test
  public void aModelTrainsOnlyOnWindowsWhoseLabelsAreKnownAtItsWindowEnd() {
    Windows w = Windows.of(FIRST, LAST, 0, 2);
    for (Task task : Task.values()) {
      for (int k = 0; k < w.ends().size(); k++) {
        for (int j : w.trainingRange(task, k)) {
          assertTrue(
              task + " " + k + "<-" + j,
              !w.ends().get(j).plusDays(task.horizonDays()).isAfter(w.ends().get(k)));
        }
      }
    }
    assertEquals(List.of(0, 1, 2), w.trainingRange(Task.REPURCHASE, 4));
    assertEquals(List.of(0, 1, 2, 3), w.trainingRange(Task.WEEKLY_UNITS, 4));
  }

  @Test
  public void slidingKeepsTheLastNLabelledWindowsAndExpandingKeepsAll() {
    assertEquals(List.of(4, 5), Windows.of(FIRST, LAST, 2, 2).trainingRange(Task.REPURCHASE, 7));
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5), Windows.of(FIRST, LAST, 0, 2).trainingRange(Task.REPURCHASE, 7));
  }

  @Test
  public void evaluatedWindowsArePastWarmUpAndFullyLabelled() {
    Windows w = Windows.of(FIRST, LAST, 0, 2);
    // Repurchase: window 3 (2026-02-02) is the first with two labelled windows; 2026-03-16 + 14
    // days is the day after the last.
    assertEquals(List.of(3, 4, 5, 6, 7, 8, 9), w.evaluated(Task.REPURCHASE));
    assertEquals(LocalDate.of(2026, 3, 16), w.ends().get(9));
    assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), w.evaluated(Task.WEEKLY_UNITS));
  }

  @Test(expected = IllegalArgumentException.class)
  public void rejectsANegativeTrainingWindowCount() {
    Windows.of(FIRST, LAST, -1, 2);
  }
}
