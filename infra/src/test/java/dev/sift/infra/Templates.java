package dev.sift.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Reading synthesized templates: resources by type, IAM statements per role, logical ids, state machine definitions. */
final class Templates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return template.findResources(type);
    }

    /** The logical id CloudFormation knows {@code construct} by (its L1 child's). */
    static String logicalId(IConstruct construct) {
        IConstruct cfn = construct.getNode().getDefaultChild() != null ? construct.getNode().getDefaultChild() : construct;
        return Stack.of(construct).getLogicalId((CfnElement) cfn);
    }

    /** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOf(Template template, String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : resources(template, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = properties(policy);
            if (json(p.get("Roles")).contains("\"" + roleLogicalId + "\"")) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"));
            }
        }
        return statements;
    }

    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(a));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The parsed definition of the state machine {@code machine} (its DefinitionString is a join
     * of JSON text and tokens). Tokens become readable strings inside the JSON: {@code Ref(id)},
     * {@code ImportValue(export)}, anything else {@code TOKEN}.
     */
    static JsonNode stateMachineDefinition(Template template, IConstruct machine) {
        Map<String, Object> properties = properties(template.findResources("AWS::StepFunctions::StateMachine").get(logicalId(machine)));
        String text = flatten(properties.get("DefinitionString"))
                .replaceAll("<\\{\"Ref\":\"([^\"]*)\"}>", "Ref($1)")
                .replaceAll("<\\{\"Fn::ImportValue\":\"([^\"]*)\"}>", "ImportValue($1)")
                .replaceAll("<\\{[^>]*}>", "TOKEN");
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(text, e);
        }
    }

    /**
     * A template value with its intrinsic functions flattened: joins concatenated, and every
     * other token written as {@code <...>} so that text around it stays readable and searchable.
     */
    @SuppressWarnings("unchecked")
    static String flatten(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) m.get("Fn::Join");
            StringBuilder out = new StringBuilder();
            List<Object> parts = (List<Object>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.append(join.get(0));
                }
                out.append(flatten(parts.get(i)));
            }
            return out.toString();
        }
        return "<" + json(value) + ">";
    }
}
