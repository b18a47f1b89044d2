package dev.sift.discover;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.discover.ClassTfIdf.Keyword;
import dev.sift.discover.TopicDiscovery.Cluster;
import dev.sift.discover.TopicDiscovery.Result;

/** Writes what {@code discover} found: clusters.json, assignments.csv and the draft labels.json. */
final class DiscoveryFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DiscoveryFiles() {
    }

    static ObjectNode clustersJson(TextColumn input, Result result, Map<String, Object> run, ClusterAgreement agreement) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode in = root.putObject("input");
        in.put("file", input.file().toString()).put("column", input.column()).put("rows", input.rows())
                .put("blankRowsSkipped", input.blankRows()).put("duplicateRows", input.duplicateRows())
                .put("distinctTexts", input.texts().size());
        ObjectNode settings = root.putObject("run");
        run.forEach((key, value) -> settings.putPOJO(key, value));
        root.put("k", result.k());
        ObjectNode choice = root.putObject("kChoice");
        choice.put("criterion", result.kChoice().criterion());
        if (result.kChoice().automatic()) {
            ObjectNode scores = choice.putObject(result.kChoice().scoreName());
            result.kChoice().scores().forEach((k, s) -> scores.put(String.valueOf(k), round(s)));
        }
        if (agreement != null) {
            root.putObject("agreementWithKnownLabels").put("column", (String) run.get("compareColumn"))
                    .put("nmi", round(agreement.nmi())).put("ari", round(agreement.ari()));
        }
        ArrayNode clusters = root.putArray("clusters");
        for (Cluster c : result.clusters()) {
            ObjectNode node = clusters.addObject();
            node.put("id", c.id()).put("size", c.size()).put("rows", c.rows()).put("cohesion", round(c.cohesion()));
            ArrayNode keywords = node.putArray("keywords");
            for (Keyword k : c.keywords()) {
                keywords.addObject().put("term", k.term()).put("score", round(k.score()));
            }
            ArrayNode examples = node.putArray("examples");
            for (int i : c.nearest().subList(0, Math.min(TopicDiscovery.EXAMPLES, c.nearest().size()))) {
                examples.addObject().put("text", input.texts().get(i)).put("similarity", round(result.similarity()[i]));
            }
        }
        return root;
    }

    static void writeJson(Path file, ObjectNode json) throws IOException {
        JSON.writeValue(file.toFile(), json);
    }

    /** {@code row,cluster,distance}: every data row (1-based, header not counted); blank rows have no cluster. */
    static void writeAssignments(Path file, TextColumn input, Result result) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("row,cluster,distance\n");
            int[] rowText = input.rowText();
            for (int r = 0; r < rowText.length; r++) {
                int t = rowText[r];
                if (t < 0) {
                    out.write((r + 1) + ",,\n");
                } else {
                    out.write((r + 1) + "," + result.cluster()[t] + ","
                            + String.format("%.4f", 1 - result.similarity()[t]) + "\n");
                }
            }
        }
    }

    /** One entry per cluster, named {@code cluster-N} for the user to rename, merge or delete. */
    static LabelSet draftLabels(TextColumn input, Result result, int examples) {
        List<LabelSet.Label> labels = new ArrayList<>();
        for (Cluster c : result.clusters()) {
            List<String> texts = c.nearest().stream().limit(examples).map(input.texts()::get).toList();
            String keywords = String.join(", ", c.keywords().stream().limit(6).map(Keyword::term).toList());
            labels.add(new LabelSet.Label("cluster-" + c.id(), "draft from discover: " + c.size()
                    + " texts; keywords " + keywords, texts));
        }
        return new LabelSet(labels);
    }

    static double round(double x) {
        return Math.round(x * 10000) / 10000.0;
    }
}
