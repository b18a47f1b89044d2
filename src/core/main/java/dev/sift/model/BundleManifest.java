package dev.sift.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sift.text.Truncation;

/**
 * The {@code manifest.json} of a model bundle, validated.
 *
 * <p>Parsed from a JSON tree by hand rather than by reflection so that every problem is reported
 * with the field it concerns, and so that native images need no reflection configuration.
 *
 * @param files        file name → expected SHA-256 (lower-case hex); must list model.onnx and tokenizer.json
 * @param prototypes   embedding bundles only: label → example sentences or descriptions
 * @param labelBias    embedding bundles only: label → additive bias on the cosine similarity
 * @param scale        embedding bundles only: cosine similarities are multiplied by it before softmax
 * @param raw          the whole manifest, for fields sift passes through (metrics, training details)
 */
public record BundleManifest(
        String name,
        String version,
        BundleKind kind,
        List<String> labels,
        int maxLength,
        Truncation truncation,
        Pooling pooling,
        BatchMode batching,
        List<String> inputs,
        String output,
        Map<String, List<String>> prototypes,
        Map<String, Double> labelBias,
        double scale,
        Map<String, String> files,
        ObjectNode raw) {

    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /**
     * {@link #TOKENIZER_FILE} compiled into the arrays the tokenizer is made of, which a cold start
     * reads in a fraction of the time (CompilePackagedTokenizer writes it into the packaged bundle at
     * build time). Optional and derived: used only while the manifest's
     * {@link #COMPILED_TOKENIZER_RECORD} names the tokenizer.json it was made from, else ignored.
     */
    public static final String COMPILED_TOKENIZER_FILE = "tokenizer.bin";
    /** {@code {"format": 1, "tokenizerSha256": "..."}}: what {@link #COMPILED_TOKENIZER_FILE} was made from. */
    public static final String COMPILED_TOKENIZER_RECORD = "compiledTokenizer";
    /**
     * The model's weights as ONNX external data, beside {@link #MODEL_FILE}, which then holds the
     * graph alone: how the build packages the default bundle (PreOptimizePackagedBundle), so that
     * ONNX Runtime maps the weights from the file instead of copying them. Optional.
     */
    public static final String MODEL_DATA_FILE = "model.onnx.data";
    public static final List<String> KNOWN_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    /** The bundle's temperature and abstention thresholds (defaults: none). */
    public ScoreCalibration calibration() {
        return ScoreCalibration.of(raw);
    }

    /** A multi-label bundle's per-label thresholds (every label; 0.5 where the manifest names none). */
    public LabelThresholds thresholds() {
        return LabelThresholds.of(raw.path("thresholds"), labels);
    }

    public static BundleManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonTree.read(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BundleException("manifest.json is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BundleException("manifest.json cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BundleException("manifest.json must be a JSON object");
        }
        return fromTree((ObjectNode) root);
    }

    static BundleManifest fromTree(ObjectNode root) {
        String name = requiredText(root, "name");
        String version = requiredText(root, "version");
        BundleKind kind = ManifestEnum.parse(BundleKind.class, "kind", requiredText(root, "kind"));
        List<String> labels = labels(root);
        int maxLength = root.path("maxLength").asInt(0);
        if (maxLength < 3 || maxLength > 8192) {
            throw new BundleException("manifest.json: maxLength must be an integer in [3, 8192], got "
                    + root.path("maxLength"));
        }
        Truncation truncation = truncation(root.path("truncation"), maxLength);
        Pooling pooling = ManifestEnum.parse(Pooling.class, "pooling", root.path("pooling").asText("cls"));
        BatchMode batching = ManifestEnum.parse(BatchMode.class, "batching", root.path("batching")
                .asText(kind == BundleKind.EMBEDDING ? "per-item" : "padded"));
        List<String> inputs = inputs(root);
        String output = root.path("output").asText(kind == BundleKind.EMBEDDING ? "last_hidden_state" : "logits");
        // An embedding bundle defines its labels by prototypes, or by a trained linear head (LinearHeadScorer).
        Map<String, List<String>> prototypes = kind == BundleKind.EMBEDDING && !LinearHeadScorer.present(root)
                ? prototypes(root, labels) : Map.of();
        Map<String, Double> bias = labelBias(root.path("scoring").path("bias"), labels);
        double scale = root.path("scoring").path("scale").asDouble(1.0);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new BundleException("manifest.json: scoring.scale must be a positive number");
        }
        Map<String, String> files = files(root);
        ScoreCalibration.of(root); // refuses a bad calibration or abstention block when the bundle is read
        if (kind == BundleKind.MULTILABEL) {
            LabelThresholds.of(root.path("thresholds"), labels);
        } else if (root.has("thresholds")) {
            throw new BundleException("manifest.json: 'thresholds' (per-label) is for multilabel bundles; a "
                    + kind.json() + " bundle abstains below abstention.minScore");
        }
        return new BundleManifest(name, version, kind, labels, maxLength, truncation, pooling, batching, inputs,
                output, prototypes, bias, scale, files, root);
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new BundleException("manifest.json: '" + field + "' must be a non-empty string");
        }
        return node.asText();
    }

    private static List<String> labels(JsonNode root) {
        JsonNode node = root.get("labels");
        if (node == null || !node.isArray() || node.size() < 2) {
            throw new BundleException("manifest.json: 'labels' must be an array of at least two strings");
        }
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode label : node) {
            if (!label.isTextual() || label.asText().isEmpty()) {
                throw new BundleException("manifest.json: every label must be a non-empty string, got " + label);
            }
            if (!seen.add(label.asText())) {
                throw new BundleException("manifest.json: duplicate label '" + label.asText() + "'");
            }
            labels.add(label.asText());
        }
        return Collections.unmodifiableList(labels);
    }

    private static Truncation truncation(JsonNode node, int maxLength) {
        String strategy = node.path("strategy").asText("head");
        switch (strategy) {
            case "head":
                return Truncation.head(maxLength);
            case "head-tail":
                int headTokens = node.path("headTokens").asInt(-1);
                if (headTokens < 0 || headTokens > maxLength - 2) {
                    throw new BundleException("manifest.json: truncation.headTokens must be in [0, maxLength - 2]");
                }
                return Truncation.headTail(maxLength, headTokens);
            default:
                throw new BundleException("manifest.json: truncation.strategy must be 'head' or 'head-tail', got '"
                        + strategy + "'");
        }
    }

    private static List<String> inputs(JsonNode root) {
        JsonNode node = root.get("inputs");
        if (node == null) {
            return KNOWN_INPUTS;
        }
        List<String> inputs = new ArrayList<>();
        for (JsonNode input : node) {
            if (!KNOWN_INPUTS.contains(input.asText())) {
                throw new BundleException("manifest.json: unknown input '" + input.asText() + "'; sift can feed "
                        + KNOWN_INPUTS);
            }
            inputs.add(input.asText());
        }
        if (!inputs.contains("input_ids")) {
            throw new BundleException("manifest.json: inputs must include input_ids");
        }
        return List.copyOf(inputs);
    }

    private static Map<String, List<String>> prototypes(JsonNode root, List<String> labels) {
        JsonNode node = root.get("prototypes");
        if (node == null || !node.isObject()) {
            throw new BundleException("manifest.json: an embedding bundle needs 'prototypes': {label: [examples]}");
        }
        Map<String, List<String>> prototypes = new LinkedHashMap<>();
        for (String label : labels) {
            JsonNode examples = node.get(label);
            if (examples == null || !examples.isArray() || examples.isEmpty()) {
                throw new BundleException("manifest.json: prototypes." + label + " must be a non-empty array of texts");
            }
            List<String> texts = new ArrayList<>();
            examples.forEach(e -> texts.add(e.asText()));
            prototypes.put(label, List.copyOf(texts));
        }
        node.fieldNames().forEachRemaining(label -> {
            if (!labels.contains(label)) {
                throw new BundleException("manifest.json: prototypes has '" + label + "', which is not in labels "
                        + labels);
            }
        });
        return Collections.unmodifiableMap(prototypes);
    }

    private static Map<String, Double> labelBias(JsonNode node, List<String> labels) {
        Map<String, Double> bias = new LinkedHashMap<>();
        for (String label : labels) {
            bias.put(label, node.path(label).asDouble(0.0));
        }
        node.fieldNames().forEachRemaining(label -> {
            if (!labels.contains(label)) {
                throw new BundleException("manifest.json: scoring.bias has '" + label + "', which is not in labels");
            }
        });
        return Collections.unmodifiableMap(bias);
    }

    private static Map<String, String> files(JsonNode root) {
        JsonNode node = root.get("files");
        if (node == null || !node.isObject()) {
            throw new BundleException("manifest.json: 'files' must map file names to {\"sha256\": ...}");
        }
        Map<String, String> files = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String sha = entry.getValue().path("sha256").asText("");
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new BundleException("manifest.json: files." + entry.getKey()
                        + ".sha256 must be 64 lower-case hex digits");
            }
            if (entry.getKey().contains("/") || entry.getKey().contains("\\") || entry.getKey().startsWith(".")) {
                throw new BundleException("manifest.json: file names must be plain names, got '" + entry.getKey() + "'");
            }
            files.put(entry.getKey(), sha);
        });
        for (String required : List.of(MODEL_FILE, TOKENIZER_FILE)) {
            if (!files.containsKey(required)) {
                throw new BundleException("manifest.json: files must list " + required);
            }
        }
        return Collections.unmodifiableMap(files);
    }
}
