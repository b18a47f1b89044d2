package dev.sift.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders evaluation metrics as one self-contained HTML page: headline numbers, per-class table,
 * the confusion matrix as a heat map and the reliability diagram, both inline SVG so the page
 * needs no scripts, fonts or network.
 */
public final class EvaluationReport {
    private EvaluationReport() {
    }

    @SuppressWarnings("unchecked")
    public static String html(Map<String, Object> metrics) {
        if ("multilabel".equals(metrics.get("kind"))) {
            return multiLabelHtml(metrics);
        }
        List<String> labels = (List<String>) metrics.get("labels");
        long[][] confusion = (long[][]) metrics.get("confusion");
        Map<String, Map<String, Double>> perClass = (Map<String, Map<String, Double>>) metrics.get("perClass");
        List<Map<String, Object>> bins = (List<Map<String, Object>>) metrics.get("reliability");
        StringBuilder html = head(metrics);
        html.append("<p>")
                .append("<span class=\"big\">accuracy ").append(pct((double) metrics.get("accuracy"))).append("</span>")
                .append("<span class=\"big\">macro-F1 ").append(pct((double) metrics.get("macroF1"))).append("</span>")
                .append("<span class=\"big\">ECE ").append(fmt((double) metrics.get("expectedCalibrationError")))
                .append("</span>");
        if (metrics.get("uncalibratedExpectedCalibrationError") != null) {
            html.append("<span>(temperature ").append(fmt((double) metrics.get("temperature")))
                    .append("; at temperature 1: ").append(fmt((double) metrics.get("uncalibratedExpectedCalibrationError")))
                    .append(")</span>");
        }
        html.append("</p>");
        html.append(kernelPaths(metrics));
        html.append("<h2>Per class</h2><table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>support</th></tr>");
        for (int l = 0; l < labels.size(); l++) {
            Map<String, Double> c = perClass.get(labels.get(l));
            long support = 0;
            for (long n : confusion[l]) {
                support += n;
            }
            html.append("<tr><td>").append(escape(labels.get(l))).append("</td><td>").append(pct(c.get("precision")))
                    .append("</td><td>").append(pct(c.get("recall"))).append("</td><td>").append(pct(c.get("f1")))
                    .append("</td><td>").append(support).append("</td></tr>");
        }
        html.append("</table><h2>Confusion matrix</h2><p>rows: true label, columns: predicted</p>");
        html.append(confusionSvg(labels, confusion));
        html.append("<h2>Reliability diagram</h2><p>accuracy against mean confidence of the top label, per "
                + "confidence bin; the diagonal is perfect calibration, bar opacity shows how many examples</p>");
        List<Map<String, Object>> before = (List<Map<String, Object>>) metrics.get("uncalibratedReliability");
        if (before != null) {
            html.append("<div style=\"display:flex;flex-wrap:wrap;gap:2em\"><figure>")
                    .append(reliabilitySvg(before, (long) metrics.get("examples")))
                    .append("<figcaption>before calibration (temperature 1): ECE ")
                    .append(fmt((double) metrics.get("uncalibratedExpectedCalibrationError")))
                    .append("</figcaption></figure><figure>");
        }
        html.append(reliabilitySvg(bins, (long) metrics.get("examples")));
        if (before != null) {
            html.append("<figcaption>as served (temperature ").append(fmt((double) metrics.get("temperature")))
                    .append("): ECE ").append(fmt((double) metrics.get("expectedCalibrationError")))
                    .append("</figcaption></figure></div>");
        }
        html.append(riskCoverage(metrics));
        html.append(confidentMistakes(metrics));
        html.append("</body></html>\n");
        return html.toString();
    }

    /** The page up to the headline numbers' paragraph: title, style, bundle, data. */
    @SuppressWarnings("unchecked")
    private static StringBuilder head(Map<String, Object> metrics) {
        Map<String, Object> bundle = (Map<String, Object>) metrics.get("bundle");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>sift evaluation: ")
                .append(escape(bundle.get("name") + " " + bundle.get("version")))
                .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
                        + "text-align:right}th:first-child,td:first-child{text-align:left}"
                        + ".big{font-size:1.6em;font-weight:bold;margin-right:2em}</style></head><body>");
        html.append("<h1>").append(escape(bundle.get("name") + " " + bundle.get("version"))).append("</h1>");
        return html.append("<p>").append(escape(String.valueOf(metrics.get("data")))).append(", ")
                .append(metrics.get("examples")).append(" examples</p>");
    }

    /** A multi-label bundle's page: the set metrics, each label's threshold and quality, the surest wrong sets. */
    @SuppressWarnings("unchecked")
    private static String multiLabelHtml(Map<String, Object> metrics) {
        StringBuilder html = head(metrics);
        Map<String, Object> shared = (Map<String, Object>) metrics.get("atSharedThreshold05");
        html.append("<p><span class=\"big\">micro-F1 ").append(pct((double) metrics.get("microF1"))).append("</span>")
                .append("<span class=\"big\">macro-F1 ").append(pct((double) metrics.get("macroF1"))).append("</span>")
                .append("<span class=\"big\">exact match ").append(pct((double) metrics.get("exactMatch")))
                .append("</span></p><p>at the bundle's per-label thresholds; at one shared threshold of 0.5: micro-F1 ")
                .append(pct((double) shared.get("microF1"))).append(", macro-F1 ").append(pct((double) shared.get("macroF1")))
                .append(", exact match ").append(pct((double) shared.get("exactMatch"))).append(". Hamming loss ")
                .append(fmt((double) metrics.get("hammingLoss"))).append("; ")
                .append(String.format(Locale.ROOT, "%.2f", (double) metrics.get("meanPredictedLabels")))
                .append(" labels per text; ").append(metrics.get("textsWithNoLabel")).append(" texts with none</p>");
        html.append("<h2>Per label</h2><table><tr><th>label</th><th>threshold</th><th>precision</th><th>recall</th>"
                + "<th>F1</th><th>support</th></tr>");
        Map<String, Object> thresholds = (Map<String, Object>) metrics.get("thresholds");
        Map<String, Map<String, Object>> perLabel = (Map<String, Map<String, Object>>) metrics.get("perLabel");
        perLabel.forEach((label, m) -> html.append("<tr><td>").append(escape(label)).append("</td><td>")
                .append(fmt((double) thresholds.get(label))).append("</td><td>").append(pct((double) m.get("precision")))
                .append("</td><td>").append(pct((double) m.get("recall"))).append("</td><td>")
                .append(pct((double) m.get("f1"))).append("</td><td>").append(m.get("support")).append("</td></tr>"));
        html.append("</table>");
        html.append(confidentMistakes(metrics));
        return html.append("</body></html>").toString();
    }

    /** The CPU and both kernel paths: a reader of the report knows which processor the numbers hold for. */
    @SuppressWarnings("unchecked")
    private static String kernelPaths(Map<String, Object> metrics) {
        Map<String, Object> cpu = (Map<String, Object>) metrics.get("cpu");
        Map<String, Object> paths = (Map<String, Object>) metrics.get("kernelPaths");
        if (cpu == null || paths == null) {
            return "";
        }
        StringBuilder flags = new StringBuilder();
        for (String f : List.of("avx2", "avx512", "avx512vnni", "avxvnni", "amxInt8", "neon", "dotprod")) {
            flags.append(Boolean.TRUE.equals(cpu.get(f)) ? " " + f : "");
        }
        return "<h2>Kernel paths</h2><p>" + escape(cpu.get("model") + " (" + cpu.get("arch") + ";" + flags
                + "), ONNX Runtime " + cpu.get("onnxRuntime")) + "</p><table><tr><th>path</th><th>accuracy</th></tr>"
                + "<tr><td>fused (served: optimization level all)</td><td>" + pct((double) paths.get("fusedAccuracy"))
                + "</td></tr><tr><td>reference (level none: DequantizeLinear + float MatMul)</td><td>"
                + pct((double) paths.get("referenceAccuracy")) + "</td></tr></table><p>labels agree on "
                + pct((double) paths.get("labelAgreement")) + " of texts; largest probability difference "
                + fmt((double) paths.get("maxProbabilityDiff")) + "; median log-probability difference "
                + fmt((double) paths.get("logProbDiffMedian")) + "</p>";
    }

    /** Selective accuracy against coverage: what answering only the surest texts buys. */
    @SuppressWarnings("unchecked")
    private static String riskCoverage(Map<String, Object> metrics) {
        List<Map<String, Object>> curve = (List<Map<String, Object>>) metrics.get("riskCoverage");
        if (curve == null) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Risk–coverage</h2><p>accuracy on the texts answered when the "
                + "model abstains below a score threshold, against the share answered (coverage). Accuracy at 80% "
                + "coverage " + pct((double) metrics.get("accuracyAtCoverage80")) + ", at 90% "
                + pct((double) metrics.get("accuracyAtCoverage90")));
        Map<String, Object> at = (Map<String, Object>) metrics.get("atRecommendedMinScore");
        if (at != null) {
            html.append("; at the bundle's recommended minScore ").append(fmt((double) at.get("minScore"))).append(": ")
                    .append(pct((double) at.get("accuracy"))).append(" accuracy on ")
                    .append(pct((double) at.get("coverage"))).append(" of texts");
        }
        html.append(".</p>");
        // The curve never falls below the accuracy at full coverage: start the axis at the tenth under it (0.9 at most).
        double overall = (double) curve.get(curve.size() - 1).get("accuracy");
        Axes axes = new Axes(360, 240, 0, 1, Math.floor(Math.min(0.9, overall) * 10) / 10, 1);
        StringBuilder svg = new StringBuilder(axes.open("coverage", "accuracy"));
        StringBuilder points = new StringBuilder();
        for (Map<String, Object> p : curve) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x((double) p.get("coverage")),
                    axes.y((double) p.get("accuracy"))));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#3b6fd6\" stroke-width=\"2\" points=\"").append(points)
                .append("\"/>");
        for (Map<String, Object> p : curve) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#3b6fd6\">"
                    + "<title>coverage %.1f%%, accuracy %.2f%%, minScore %.4f</title></circle>",
                    axes.x((double) p.get("coverage")), axes.y((double) p.get("accuracy")),
                    100 * (double) p.get("coverage"), 100 * (double) p.get("accuracy"), (double) p.get("minScore")));
        }
        return html.append(svg).append("</svg>").toString();
    }

    @SuppressWarnings("unchecked")
    private static String confidentMistakes(Map<String, Object> metrics) {
        List<Map<String, Object>> mistakes = (List<Map<String, Object>>) metrics.get("confidentMistakes");
        if (mistakes == null || mistakes.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>The " + mistakes.size() + " most confident mistakes</h2><p>"
                + "where label noise (the data is wrong) and blind spots (the model is) show</p><table><tr><th>row</th>"
                + "<th>text</th><th>label</th><th>predicted</th><th>score</th></tr>");
        for (Map<String, Object> m : mistakes) {
            html.append("<tr><td>").append(m.get("row")).append("</td><td style=\"text-align:left;max-width:40em\">")
                    .append(escape(String.valueOf(m.get("text")))).append("</td><td>")
                    .append(escape(String.valueOf(m.get("label")))).append("</td><td>")
                    .append(escape(String.valueOf(m.get("predicted")))).append("</td><td>")
                    .append(fmt((double) m.get("score"))).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    /** A plot area with ticks every 0.1 (labelled every 0.2) on both axes, mapping data to SVG coordinates. */
    public record Axes(int width, int height, double xMin, double xMax, double yMin, double yMax) {
        static final int LEFT = 50;
        public static final int TOP = 12;
        static final int BOTTOM = 42;

        public double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * width;
        }

        public double y(double v) {
            return TOP + (1 - (v - yMin) / (yMax - yMin)) * height;
        }

        public String open(String xLabel, String yLabel) {
            return open(xLabel, yLabel, true);
        }

        /** @param xTicks whether to label the x axis with numbers (false: the caller labels it, e.g. with dates) */
        public String open(String xLabel, String yLabel, boolean xTicks) {
            StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                    LEFT + width + 20, TOP + height + BOTTOM, LEFT, TOP, width, height));
            for (int i = 0; i <= 10; i++) {
                double xv = xMin + i * (xMax - xMin) / 10;
                double yv = yMin + i * (yMax - yMin) / 10;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                        + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                        x(xv), TOP, x(xv), TOP + height, LEFT, y(yv), LEFT + width, y(yv)));
                if (i % 2 == 0) {
                    if (xTicks) {
                        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                                x(xv), TOP + height + 14, tick(xv, xMax - xMin)));
                    }
                    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                            LEFT - 4, y(yv) + 4, tick(yv, yMax - yMin)));
                }
            }
            return svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                    + "<text transform=\"translate(12,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                    LEFT + width / 2, TOP + height + 32, xLabel, TOP + height / 2, yLabel)).toString();
        }

        /** Whole numbers for a wide axis, one decimal for a 0–1 axis, more for narrower ones: neighbouring labels differ. */
        private static String tick(double v, double range) {
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(range / 5)));
            return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
        }
    }

    private static String confusionSvg(List<String> labels, long[][] confusion) {
        int n = labels.size();
        int cell = Math.max(28, Math.min(60, 480 / n));
        int left = 110;
        int top = 90;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\">", left + n * cell + 10, top + n * cell + 10));
        for (int g = 0; g < n; g++) {
            long rowTotal = 0;
            for (long c : confusion[g]) {
                rowTotal += c;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6,
                    top + g * cell + cell / 2 + 4, escape(labels.get(g))));
            for (int p = 0; p < n; p++) {
                double share = rowTotal == 0 ? 0 : (double) confusion[g][p] / rowTotal;
                int shade = (int) Math.round(255 - share * 200);
                String fill = g == p ? String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade)
                        : String.format(Locale.ROOT, "rgb(255,%d,%d)", shade, shade);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>", left + p * cell,
                        top + g * cell, cell, cell, fill, left + p * cell + cell / 2, top + g * cell + cell / 2 + 4,
                        confusion[g][p]));
            }
        }
        for (int p = 0; p < n; p++) {
            int x = left + p * cell + cell / 2;
            svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-45)\">%s</text>", x,
                    top - 6, escape(labels.get(p))));
        }
        return svg.append("</svg>").toString();
    }

    private static String reliabilitySvg(List<Map<String, Object>> bins, long examples) {
        Axes axes = new Axes(300, 300, 0, 1, 0, 1);
        StringBuilder svg = new StringBuilder(axes.open("confidence", "accuracy"));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                + "stroke-dasharray=\"4\"/>", axes.x(0), axes.y(0), axes.x(1), axes.y(1)));
        for (Map<String, Object> bin : bins) {
            double from = (double) bin.get("from");
            double to = (double) bin.get("to");
            double accuracy = (double) bin.get("accuracy");
            double confidence = (double) bin.get("confidence");
            long count = (long) bin.get("count");
            double opacity = 0.25 + 0.75 * Math.sqrt((double) count / Math.max(1, examples));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#3b6fd6\" fill-opacity=\"%.2f\"><title>%d examples, confidence %.3f, accuracy %.3f"
                    + "</title></rect><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#d33\"/>",
                    axes.x(from) + 1, axes.y(accuracy), axes.x(to) - axes.x(from) - 2, axes.y(0) - axes.y(accuracy),
                    opacity, count, confidence, accuracy, axes.x(confidence), axes.y(accuracy)));
        }
        return svg.append("</svg>").toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
