package chatjar.charts;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the chart data bench/run.sh's summary wrote (chart, series, x, y as TSV) and draws one PNG per chart:
 * deliveries/s and p99 latency against offered load, server memory against connected clients.
 */
public final class Charts {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: charts DATA.tsv OUT_PREFIX");
            System.exit(2);
        }
        Map<String, XYSeriesCollection> charts = new LinkedHashMap<>();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length != 4) continue;
            XYSeries s = series.computeIfAbsent(f[0] + "\t" + f[1], k -> {
                XYSeries n = new XYSeries(f[1], true, true);
                charts.computeIfAbsent(f[0], c -> new XYSeriesCollection()).addSeries(n);
                return n;
            });
            s.addOrUpdate(Double.parseDouble(f[2]), Double.parseDouble(f[3]));
        }
        draw(charts.get("deliveries"), "Fan-out: deliveries/s vs offered", "offered deliveries/s", "deliveries/s", false,
                args[1] + "-deliveries.png");
        draw(charts.get("p99"), "Fan-out: p99 delivery latency vs offered", "offered deliveries/s", "p99 latency, ms (log)", true,
                args[1] + "-p99.png");
        draw(charts.get("memory"), "Idle: server resident memory vs clients", "registered idle clients", "VmRSS, MiB", false,
                args[1] + "-memory.png");
    }

    private static void draw(XYSeriesCollection data, String title, String x, String y, boolean logY, String file)
            throws IOException {
        if (data == null) return;
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        if (logY) {
            LogAxis axis = new OneTwoFiveLogAxis(y);
            axis.setSmallestValue(0.1);
            plot.setRangeAxis(axis);
        }
        ChartUtils.saveChartAsPNG(Path.of(file).toFile(), chart, 900, 540);
        System.out.println("wrote " + file);
    }

    /**
     * A log axis labelled at 1, 2 and 5 times a power of ten, the values people read latencies in; JFreeChart's
     * own LogAxis spaces ticks evenly in the exponent and labels them 25.1, 39.8, 2,511.9.
     */
    static final class OneTwoFiveLogAxis extends LogAxis {
        private static final int[] STEPS = {1, 2, 5};

        OneTwoFiveLogAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List ticks = new ArrayList();
            double lower = getRange().getLowerBound(), upper = getRange().getUpperBound();
            TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
            DecimalFormat format = new DecimalFormat("#,##0.###");
            for (int exp = (int) Math.floor(Math.log10(Math.max(lower, 1e-3))); exp <= Math.ceil(Math.log10(upper)); exp++) {
                for (int step : STEPS) {
                    double v = step * Math.pow(10, exp);
                    if (v < lower || v > upper) continue;
                    ticks.add(new NumberTick(TickType.MAJOR, v, format.format(v), anchor, anchor, 0.0));
                }
            }
            return ticks;
        }
    }
}
