package dev.sift.discover;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sift.discover.ClassTfIdf.Keyword;
import dev.sift.discover.TopicDiscovery.Cluster;
import dev.sift.discover.TopicDiscovery.Result;

/**
 * report.html: one self-contained page (no scripts, no external files) for the person who names
 * the topics: the sizes as a bar chart, a 2-D map of the texts coloured by cluster, and one card
 * per cluster with its keywords and the texts nearest its centre.
 */
final class ReportPage {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", "#8ca252", "#bd9e39", "#637939",
        "#7b4173", "#a55194", "#3182bd", "#e6550d", "#31a354"};

    private ReportPage() {
    }

    static String colour(int cluster) {
        return cluster < PALETTE.length ? PALETTE[cluster]
                : String.format(Locale.ROOT, "hsl(%d,60%%,45%%)", (cluster * 137) % 360);
    }

    static String html(TextColumn input, Result result, String subtitle) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>sift discover: ")
                .append(esc(input.file().getFileName().toString())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}")
                .append(".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1em}")
                .append(".card{border:1px solid #ddd;border-radius:8px;padding:1em;border-top:6px solid}")
                .append(".kw{display:inline-block;background:#f1f1f1;border-radius:4px;padding:2px 6px;margin:2px}")
                .append("li{margin:.3em 0}.meta{color:#666;font-size:90%}")
                .append("</style></head><body>");
        h.append("<h1>Topics in ").append(esc(input.file().getFileName().toString())).append("</h1>");
        h.append("<p class=\"meta\">").append(esc(subtitle)).append("</p>");
        h.append("<p class=\"meta\">").append(String.format(Locale.ROOT,
                "%,d rows, %,d distinct texts (%,d duplicate rows counted once, %,d blank rows skipped); K = %d",
                input.rows(), input.texts().size(), input.duplicateRows(), input.blankRows(), result.k()))
                .append("</p>");
        h.append("<h2>Cluster sizes</h2>").append(bars(result.clusters()));
        if (result.kChoice().automatic()) {
            h.append("<h2>How K was chosen</h2><p class=\"meta\">").append(esc(result.kChoice().criterion()))
                    .append("</p>").append(kScores(result));
        }
        h.append("<h2>Map</h2><p class=\"meta\">").append(result.mapRows().length)
                .append(" sampled texts on the first two principal components of their embeddings</p>")
                .append(map(result));
        h.append("<h2>Clusters</h2><div class=\"cards\">");
        for (Cluster c : result.clusters()) {
            h.append("<div class=\"card\" style=\"border-top-color:").append(colour(c.id())).append("\">");
            h.append("<h3>cluster-").append(c.id()).append("</h3><p class=\"meta\">")
                    .append(String.format(Locale.ROOT, "%,d texts (%.1f%%), cohesion %.3f", c.size(),
                            100.0 * c.size() / input.texts().size(), c.cohesion()))
                    .append("</p><p>");
            for (Keyword k : c.keywords()) {
                h.append("<span class=\"kw\">").append(esc(k.term())).append("</span>");
            }
            h.append("</p><ol>");
            for (int i : c.nearest().subList(0, Math.min(TopicDiscovery.EXAMPLES, c.nearest().size()))) {
                h.append("<li>").append(esc(shorten(input.texts().get(i)))).append("</li>");
            }
            h.append("</ol></div>");
        }
        return h.append("</div></body></html>\n").toString();
    }

    private static String bars(List<Cluster> clusters) {
        int max = clusters.stream().mapToInt(Cluster::size).max().orElse(1);
        int rowHeight = 22;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"")
                .append(clusters.size() * rowHeight + 10).append("\" font-size=\"12\">");
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            int y = 5 + i * rowHeight;
            double w = 560.0 * c.size() / Math.max(max, 1);
            s.append(String.format(Locale.ROOT,
                    "<text x=\"0\" y=\"%d\">cluster-%d</text><rect x=\"80\" y=\"%d\" width=\"%.1f\" height=\"16\" "
                            + "fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%,d</text>",
                    y + 13, c.id(), y, w, colour(c.id()), 85 + w, y + 13, c.size()));
        }
        return s.append("</svg>").toString();
    }

    /** One column per candidate K, its height the score; the chosen K in the first cluster colour, the rest grey. */
    private static String kScores(Result result) {
        Map<Integer, Double> scores = result.kChoice().scores();
        double max = scores.values().stream().mapToDouble(Math::abs).max().orElse(1);
        int column = 28;
        int height = 120;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(scores.size() * column + 10)
                .append("\" height=\"").append(height + 40).append("\" font-size=\"11\">");
        int i = 0;
        for (Map.Entry<Integer, Double> e : scores.entrySet()) {
            double h = height * Math.max(e.getValue(), 0) / Math.max(max, 1e-12);
            int x = 5 + i++ * column;
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>K = %d: %s %.4f</title></rect>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    x, 10 + height - h, column - 6, h, e.getKey() == result.k() ? colour(0) : "#bbb", e.getKey(),
                    esc(result.kChoice().scoreName()), e.getValue(), x + (column - 6) / 2, height + 25, e.getKey()));
        }
        return s.append("</svg>").toString();
    }

    private static String map(Result result) {
        double[][] p = result.mapPoints();
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] q : p) {
            minX = Math.min(minX, q[0]);
            maxX = Math.max(maxX, q[0]);
            minY = Math.min(minY, q[1]);
            maxY = Math.max(maxY, q[1]);
        }
        int size = 640;
        double sx = (size - 20) / Math.max(maxX - minX, 1e-9);
        double sy = (size - 20) / Math.max(maxY - minY, 1e-9);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size).append("\" height=\"").append(size)
                .append("\" style=\"border:1px solid #eee\">");
        for (int i = 0; i < p.length; i++) {
            int c = result.cluster()[result.mapRows()[i]];
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\" "
                    + "fill-opacity=\"0.7\"><title>cluster-%d</title></circle>",
                    10 + (p[i][0] - minX) * sx, size - 10 - (p[i][1] - minY) * sy, colour(c), c));
        }
        return s.append("</svg>").toString();
    }

    private static String shorten(String text) {
        return text.codePointCount(0, text.length()) <= 160 ? text
                : text.substring(0, text.offsetByCodePoints(0, 160)) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
