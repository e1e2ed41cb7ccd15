package io.strata.ml;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Weekly windows: their ends are the Mondays (00:00 UTC) after the first data day up to the day
 * after the last one. Window k's examples are known at its end; their labels become known {@code
 * horizon} days later, so the model used at window k trains only on windows j whose {@code end_j +
 * horizon <= end_k}.
 *
 * @param ends every window end, oldest first (index = MLflow step)
 * @param dataEnd the last day with data
 * @param trainingWindows 0: expanding (every labelled window); n: sliding (the last n)
 * @param warmupWindows windows a model needs in its training range before it is used
 */
public record Windows(
    List<LocalDate> ends, LocalDate dataEnd, int trainingWindows, int warmupWindows)
    implements Serializable {

  public static Windows of(
      LocalDate firstDay, LocalDate lastDay, int trainingWindows, int warmupWindows) {
    if (trainingWindows < 0) {
      throw new IllegalArgumentException(
          "--trainingWindows must be 0 (expanding) or a positive count (sliding), was "
              + trainingWindows);
    }
    if (warmupWindows < 1) {
      throw new IllegalArgumentException(
          "--warmupWindows must be at least 1, was " + warmupWindows);
    }
    List<LocalDate> ends = new ArrayList<>();
    LocalDate end = firstDay.plusDays(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    for (; !end.isAfter(lastDay.plusDays(1)); end = end.plusWeeks(1)) {
      ends.add(end);
    }
    return new Windows(List.copyOf(ends), lastDay, trainingWindows, warmupWindows);
  }

  /** Whether window k's labels are all known. */
  public boolean labelled(Task task, int k) {
    return !ends.get(k).plusDays(task.horizonDays()).isAfter(dataEnd.plusDays(1));
  }

  /**
   * The windows the model used at window k trains on: labelled by end_k, the last n when sliding.
   */
  public List<Integer> trainingRange(Task task, int k) {
    List<Integer> range = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (!ends.get(j).plusDays(task.horizonDays()).isAfter(ends.get(k))) {
        range.add(j);
      }
    }
    return trainingWindows == 0 || range.size() <= trainingWindows
        ? range
        : range.subList(range.size() - trainingWindows, range.size());
  }

  /** Windows evaluated prequentially: past warm-up and labelled. */
  public List<Integer> evaluated(Task task) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < ends.size(); k++) {
      if (labelled(task, k) && trainingRange(task, k).size() >= warmupWindows) {
        out.add(k);
      }
    }
    return out;
  }

  /** The latest window end: the champion scores every entity there. */
  public int latest() {
    return ends.size() - 1;
  }
}
