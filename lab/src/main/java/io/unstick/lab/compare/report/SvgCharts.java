package io.unstick.lab.compare.report;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts, so report.html needs no script and no network. */
final class SvgCharts {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 240;
    private static final int LEFT = 52;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;

    /** A line: its name, colour and points (x, y). */
    record Series(String name, String color, List<double[]> points) {
    }

    /** A vertical mark at x, e.g. the fault's start, with the window up to {@code end} shaded when it has one. */
    record Marker(double x, Double end, String color, String label) {
    }

    /** One group of bars (e.g. a mode) with one value per category. */
    record BarGroup(String name, List<Double> values) {
    }

    private SvgCharts() {
    }

    static String lines(String yLabel, String xLabel, List<Series> series, List<Marker> markers) {
        double maxX = 1;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        for (Marker m : markers) {
            maxX = Math.max(maxX, m.end() == null ? m.x() : m.end());
        }
        maxY = niceCeiling(maxY);
        maxX = niceCeiling(maxX);
        StringBuilder svg = open();
        axes(svg, maxX, maxY, yLabel, xLabel);
        for (Marker m : markers) {
            double x = x(m.x(), maxX);
            if (m.end() != null && m.end() > m.x()) {
                double end = x(Math.min(m.end(), maxX), maxX);
                svg.append(fmt("<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s' fill-opacity='0.08'/>",
                        x, TOP, end - x, HEIGHT - BOTTOM - TOP, m.color()));
                svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' stroke-dasharray='2 3' stroke-width='1.5'/>",
                        end, TOP, end, HEIGHT - BOTTOM, m.color()));
            }
            svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' stroke-dasharray='5 4' stroke-width='1.5'/>",
                    x, TOP, x, HEIGHT - BOTTOM, m.color()));
            svg.append(fmt("<text x='%.1f' y='%d' font-size='10' fill='%s'>%s</text>", x + 3, TOP + 10, m.color(), Html.escape(m.label())));
        }
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                path.append(path.isEmpty() ? "M" : " L").append(fmt("%.1f %.1f", x(p[0], maxX), y(p[1], maxY)));
            }
            svg.append(fmt("<path d='%s' fill='none' stroke='%s' stroke-width='2'><title>%s</title></path>",
                    path, s.color(), Html.escape(s.name())));
        }
        legend(svg, series.stream().map(Series::name).toList(), series.stream().map(Series::color).toList());
        return svg.append("</svg>").toString();
    }

    /** Grouped bars: for each category, one bar per group, in the group's colour. */
    static String bars(String yLabel, List<String> categories, List<BarGroup> groups, List<String> colors, boolean percent) {
        if (percent) {
            groups = groups.stream().map(g -> new BarGroup(g.name(), g.values().stream().map(v -> v * 100).toList())).toList();
        }
        double maxY = niceCeiling(groups.stream().flatMap(g -> g.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0));
        StringBuilder svg = open();
        axes(svg, 0, maxY, yLabel, null);
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, categories.size());
        double bar = Math.min(28, (slot - 12) / Math.max(1, groups.size()));
        for (int c = 0; c < categories.size(); c++) {
            double start = LEFT + c * slot + (slot - bar * groups.size()) / 2;
            for (int g = 0; g < groups.size(); g++) {
                double value = groups.get(g).values().get(c);
                double top = y(value, maxY);
                svg.append(fmt("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %s</title></rect>",
                        start + g * bar, top, bar - 2, HEIGHT - BOTTOM - top, colors.get(g), Html.escape(groups.get(g).name()),
                        Html.escape(categories.get(c)), percent ? fmt("%.1f %%", value) : fmt("%.0f", value)));
                svg.append(fmt("<text x='%.1f' y='%.1f' font-size='9' text-anchor='middle'>%s</text>", start + g * bar + bar / 2 - 1,
                        top - 3, fmt("%.0f", value)));
            }
            svg.append(fmt("<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>", LEFT + c * slot + slot / 2,
                    HEIGHT - BOTTOM + 16, Html.escape(categories.get(c))));
        }
        legend(svg, groups.stream().map(BarGroup::name).toList(), colors);
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open() {
        return new StringBuilder(fmt("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d'"
                + " font-family='sans-serif' role='img'>", WIDTH, HEIGHT, WIDTH, HEIGHT));
    }

    private static void axes(StringBuilder svg, double maxX, double maxY, String yLabel, String xLabel) {
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = y(value, maxY);
            svg.append(fmt("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#e3e3e3'/>", LEFT, y, WIDTH - RIGHT, y));
            svg.append(fmt("<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", LEFT - 4, y + 3, number(value)));
        }
        svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#777'/>", LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(fmt("<text x='12' y='%d' font-size='11' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, Html.escape(yLabel)));
        if (xLabel != null) {
            for (int i = 0; i <= 5; i++) {
                double value = maxX * i / 5;
                svg.append(fmt("<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>", x(value, maxX),
                        HEIGHT - BOTTOM + 13, number(value)));
            }
            svg.append(fmt("<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>", (LEFT + WIDTH - RIGHT) / 2,
                    HEIGHT - 4, Html.escape(xLabel)));
        }
    }

    private static void legend(StringBuilder svg, List<String> names, List<String> colors) {
        int x = WIDTH - RIGHT - 80 * names.size();
        for (int i = 0; i < names.size(); i++) {
            svg.append(fmt("<rect x='%d' y='%d' width='10' height='10' fill='%s'/>", x + i * 80, TOP - 12, colors.get(i)));
            svg.append(fmt("<text x='%d' y='%d' font-size='11'>%s</text>", x + i * 80 + 14, TOP - 3, Html.escape(names.get(i))));
        }
    }

    private static double x(double value, double maxX) {
        return LEFT + (WIDTH - LEFT - RIGHT) * value / maxX;
    }

    private static double y(double value, double maxY) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (maxY == 0 ? 0 : value / maxY);
    }

    /** 1, 2 or 5 times a power of ten, at least the value, so the grid lines fall on round numbers. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? fmt("%.0f", value) : fmt("%.2f", value).replaceAll("0+$", "");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
