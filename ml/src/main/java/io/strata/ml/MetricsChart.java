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
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of metrics over windows (headless JFreeChart), with the drift window marked when known. */
public final class MetricsChart {
  private MetricsChart() {}

  /**
   * @param series metric name to (window index, value) points
   * @param marker a window index to mark with a vertical line, or negative for none
   */
  public static byte[] png(String title, Map<String, List<double[]>> series, double marker) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, points) -> {
      XYSeries s = new XYSeries(name);
      points.forEach(p -> s.add(p[0], p[1]));
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(title, "window (MLflow step)", "value", data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    if (marker >= 0) {
      ValueMarker drift = new ValueMarker(marker, Color.RED, new BasicStroke(1.5f));
      drift.setLabel("drift");
      chart.getXYPlot().addDomainMarker(drift);
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
