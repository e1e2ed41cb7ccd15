package io.strata.ml;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of metrics over windows (headless JFreeChart), with the champion's window marked. */
public final class MetricsChart {
  private MetricsChart() {}

  /**
   * @param series metric name to (window index, value) points
   * @param championWindow the window whose model holds the champion alias, negative when not on
   *     this grid
   */
  public static byte[] png(String title, Map<String, List<double[]>> series, int championWindow) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(
        (name, points) -> {
          XYSeries s = new XYSeries(name);
          points.forEach(p -> s.add(p[0], p[1]));
          data.addSeries(s);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "window (MLflow step)",
            "value",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ((NumberAxis) chart.getXYPlot().getDomainAxis())
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (championWindow >= 0) {
      ValueMarker champion =
          new ValueMarker(championWindow, Color.DARK_GRAY, new BasicStroke(1.5f));
      champion.setLabel("champion");
      chart.getXYPlot().addDomainMarker(champion);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, 900, 500);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
