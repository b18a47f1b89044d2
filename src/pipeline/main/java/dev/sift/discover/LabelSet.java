package dev.sift.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The user's label set, {@code labels.json}:
 * {@code {"labels": [{"name": "退货", "description": "optional", "examples": ["…", "…"]}, …]}}.
 * People and scripts write it, so it is read strictly: every problem names the file and the
 * JSON path of the entry ({@code labels[2].examples[0]}).
 */
public record LabelSet(List<Label> labels) {

    /** One label: its name, an optional description, and its example texts. */
    public record Label(String name, String description, List<String> examples) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static LabelSet read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        String shape = "; expected {\"labels\": [{\"name\": \"...\", \"description\": \"optional\", "
                + "\"examples\": [\"...\"]}, ...]}";
        if (root == null || !root.isObject() || !root.path("labels").isArray()) {
            throw new BadInputException(file + ": the top level must be an object with a \"labels\" array" + shape);
        }
        List<Label> labels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode entries = root.get("labels");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String where = file + ": labels[" + i + "]";
            if (!entry.isObject()) {
                throw new BadInputException(where + " must be an object" + shape);
            }
            JsonNode name = entry.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new BadInputException(where + ".name must be a non-empty string");
            }
            if (!names.add(name.asText())) {
                throw new BadInputException(where + ".name: duplicate label name '" + name.asText()
                        + "' (merge the two entries' examples into one)");
            }
            JsonNode description = entry.get("description");
            if (description != null && !description.isNull() && !description.isTextual()) {
                throw new BadInputException(where + ".description must be a string when given");
            }
            JsonNode examples = entry.get("examples");
            if (examples == null || !examples.isArray() || examples.isEmpty()) {
                throw new BadInputException(where + ".examples: label '" + name.asText()
                        + "' has no examples; give at least one example text");
            }
            List<String> texts = new ArrayList<>();
            for (int e = 0; e < examples.size(); e++) {
                JsonNode example = examples.get(e);
                if (!example.isTextual() || example.asText().isBlank()) {
                    throw new BadInputException(where + ".examples[" + e + "] must be a non-empty string");
                }
                texts.add(example.asText());
            }
            entry.fieldNames().forEachRemaining(field -> {
                if (!Set.of("name", "description", "examples").contains(field)) {
                    throw new BadInputException(where + " has an unknown field '" + field + "'" + shape);
                }
            });
            labels.add(new Label(name.asText(), description == null || description.isNull() ? null
                    : description.asText(), List.copyOf(texts)));
        }
        if (labels.size() < 2) {
            throw new BadInputException(file + ": a classifier needs at least two labels, found " + labels.size());
        }
        return new LabelSet(List.copyOf(labels));
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode entries = root.putArray("labels");
        for (Label label : labels) {
            ObjectNode entry = entries.addObject().put("name", label.name());
            if (label.description() != null) {
                entry.put("description", label.description());
            }
            label.examples().forEach(entry.putArray("examples")::add);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
    }

    public List<String> names() {
        return labels.stream().map(Label::name).toList();
    }
}
