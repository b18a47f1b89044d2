package dev.sift.monitor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sift.pipeline.EvaluationReport;

/**
 * {@code monitor.json} as one self-contained HTML page: the verdict and why, the measures against
 * their bootstrap thresholds, and one time-series plot per daily measure (inline SVG, no scripts).
 */
final class MonitorReport {
    private MonitorReport() {
    }

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> report) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>sift monitor"
                + "</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                + "td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child"
                + "{text-align:left}.big{font-size:1.6em;font-weight:bold}.drift{color:#c0392b}.ok{color:#1e8449}"
                + "figure{display:inline-block;margin:0 2em 1em 0}</style></head><body><h1>sift monitor</h1>");
        Map<String, Object> window = (Map<String, Object>) report.get("windowRange");
        html.append("<p>").append(EvaluationReport.escape(String.valueOf(report.get("predictions")))).append(", ")
                .append(EvaluationReport.escape(window.get("since") + " to " + window.get("until"))).append(": ")
                .append(((Map<String, Object>) report.get("window")).get("records")).append(" predictions; reference: ")
                .append(EvaluationReport.escape(String.valueOf(report.get("bundle")))).append("</p>");
        boolean drift = Boolean.TRUE.equals(report.get("drift"));
        html.append("<p class=\"big ").append(drift ? "drift\">drift" : "ok\">no drift").append("</p><ul>");
        for (String reason : (List<String>) report.get("reasons")) {
            html.append("<li>").append(EvaluationReport.escape(reason)).append("</li>");
        }
        html.append("</ul><h2>Measures</h2><table><tr><th>measure</th><th>window</th><th>reference or threshold</th></tr>");
        Map<String, Object> m = (Map<String, Object>) report.get("measures");
        row(html, "character sketch distance", m.get("sketchDistance"), "threshold " + fmt(m.get("sketchDistanceThreshold")));
        row(html, "label mix PSI", m.get("labelPsi"), "threshold " + fmt(m.get("labelPsiThreshold")));
        row(html, "label mix Jensen–Shannon (bits)", m.get("labelJensenShannon"), "");
        row(html, "text length PSI", m.get("lengthPsi"), "threshold " + fmt(m.get("lengthPsiThreshold")));
        row(html, "estimated accuracy (mean calibrated top score)", m.get("estimatedAccuracy"),
                fmt(m.get("referenceEstimatedAccuracy")));
        row(html, "mean entropy (nats)", m.get("meanEntropy"), fmt(m.get("referenceMeanEntropy")));
        row(html, "abstention rate", m.get("abstentionRate"), fmt(m.get("referenceAbstentionRate")));
        row(html, "[UNK] rate", m.get("unknownRate"), fmt(m.get("referenceUnknownRate")));
        html.append("</table><p>Thresholds: the 99th percentile of each measure over bootstrap windows of the same "
                + "size drawn from the reference.</p><h2>By day</h2>");
        List<Map<String, Object>> days = (List<Map<String, Object>>) report.get("daily");
        html.append("<p>Dashed: each day's threshold, bootstrapped for that day's number of predictions.</p>");
        html.append(plot(days, "sketchDistance", "sketch distance", "sketchDistanceThreshold"));
        html.append(plot(days, "labelPsi", "label PSI", "labelPsiThreshold"));
        html.append(plot(days, "estimatedAccuracy", "estimated accuracy", null));
        html.append(plot(days, "abstentionRate", "abstention rate", null));
        return html.append("</body></html>").toString();
    }

    private static void row(StringBuilder html, String name, Object value, String reference) {
        html.append("<tr><td>").append(name).append("</td><td>").append(fmt(value)).append("</td><td>")
                .append(reference).append("</td></tr>");
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(v);
    }

    /** One measure per day as a line, with the day's threshold dashed when it has one; dates under the points. */
    private static String plot(List<Map<String, Object>> days, String key, String title, String thresholdKey) {
        double max = 0;
        for (Map<String, Object> d : days) {
            max = Math.max(max, ((Number) d.get(key)).doubleValue());
            if (thresholdKey != null) {
                max = Math.max(max, ((Number) d.get(thresholdKey)).doubleValue());
            }
        }
        max = max <= 0 ? 1 : max * 1.15;
        int last = Math.max(1, days.size() - 1);
        EvaluationReport.Axes axes = new EvaluationReport.Axes(360, 160, -0.3, last + 0.3, 0, max);
        StringBuilder svg = new StringBuilder("<figure>").append(axes.open("UTC day", EvaluationReport.escape(title), false));
        svg.append(line(days, key, axes, "#2c5fd6", ""));
        if (thresholdKey != null) {
            svg.append(line(days, thresholdKey, axes, "#c0392b", " stroke-dasharray=\"4 3\""));
        }
        for (int i = 0; i < days.size(); i++) {
            double v = ((Number) days.get(i).get(key)).doubleValue();
            String date = String.valueOf(days.get(i).get("date"));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2c5fd6\"><title>%s: "
                    + "%.4f</title></circle><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", axes.x(i),
                    axes.y(v), date, v, axes.x(i), EvaluationReport.Axes.TOP + 160 + 14, date.substring(5)));
        }
        String first = days.isEmpty() ? "" : String.valueOf(days.get(0).get("date"));
        String lastDate = days.isEmpty() ? "" : String.valueOf(days.get(days.size() - 1).get("date"));
        return svg.append("</svg><figcaption>").append(EvaluationReport.escape(title)).append(", ").append(first)
                .append(" to ").append(lastDate).append("</figcaption></figure>").toString();
    }

    private static String line(List<Map<String, Object>> days, String key, EvaluationReport.Axes axes, String colour,
            String style) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(i),
                    axes.y(((Number) days.get(i).get(key)).doubleValue())));
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\"" + style + " points=\"" + points + "\"/>";
    }
}
