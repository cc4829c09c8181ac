package chatjar.charts;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            LogAxis axis = new LogAxis(y);
            axis.setSmallestValue(0.1);
            axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
            plot.setRangeAxis(axis);
        }
        ChartUtils.saveChartAsPNG(Path.of(file).toFile(), chart, 900, 540);
        System.out.println("wrote " + file);
    }
}
