package dev.sift.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class BatchStackTest {
    private static SiftApp.SiftStacks stacks;
    private static BatchStack batch;
    private static Template template;
    private static JsonNode definition;
    /** The batch bucket's logical id in the storage stack, part of every export the batch stack imports for it. */
    private static String bucket;

    @BeforeAll
    static void synth() {
        stacks = TestApps.synth(Map.of());
        batch = stacks.batch();
        template = Template.fromStack(batch);
        definition = Templates.stateMachineDefinition(template, batch.batch);
        bucket = Templates.logicalId(stacks.storage().batch);
    }

    /** A state at the top level, or inside the item processors of the maps (one level of nesting per name). */
    private static JsonNode state(JsonNode states, String... path) {
        JsonNode s = states.path("States").path(path[0]);
        for (int i = 1; i < path.length; i++) {
            s = s.path("ItemProcessor").path("States").path(path[i]);
        }
        assertFalse(s.isMissingNode(), "no state " + String.join("/", path));
        return s;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static JsonNode state(String... path) {
        return state(definition, path);
    }

    /** The Choice's rules as "condition -> next": what the execution input decides. */
    private static List<String> rules(JsonNode choice) {
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : choice.path("Choices")) {
            var condition = rule.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) condition).remove("Next");
            rules.add(condition + " -> " + rule.path("Next").asText());
        }
        rules.add("default -> " + choice.path("Default").asText());
        return rules;
    }

    @Test
    void stateMachineIsStandardLogsEveryEventButNoRowsAndTraces() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", false, "Destinations", Match.anyValue())));
        assertEquals(24 * 3600, definition.path("TimeoutSeconds").asInt());
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    }

    @Test
    void inputIsCheckedAgainstWhatTheRoleMayTouchBeforeAnythingRuns() {
        assertEquals("CheckInput", definition.path("StartAt").asText());
        String bucketName = "ImportValue(SiftStorage:ExportsOutputRef" + bucket;
        List<String> rules = rules(state("CheckInput"));
        assertEquals(9, rules.size(), String.join("\n", rules));
        assertEquals("{\"Not\":{\"Variable\":\"$.bucket\",\"IsPresent\":true}} -> WrongBucket", rules.get(0));
        assertTrue(rules.get(1).startsWith("{\"Not\":{\"Variable\":\"$.bucket\",\"StringEquals\":\"" + bucketName)
                && rules.get(1).endsWith(" -> WrongBucket"), rules.get(1));
        assertEquals("{\"Not\":{\"Variable\":\"$.outputPrefix\",\"StringMatches\":\"output/*\"}} -> OutputPrefixOutsideOutput", rules.get(3));
        assertTrue(rules.get(4).endsWith(" -> ColumnsMissing") && rules.get(4).contains("$.column") && rules.get(4).contains("$.idColumn"),
                rules.get(4));
        assertEquals("{\"Variable\":\"$.prefix\",\"IsPresent\":true} -> PrefixUnderInput", rules.get(5));
        assertEquals("{\"Not\":{\"Variable\":\"$.key\",\"StringMatches\":\"input/*\"}} -> InputOutsideInput", rules.get(7));
        assertEquals("default -> Format", rules.get(8));
        assertEquals(List.of("{\"Variable\":\"$.prefix\",\"StringMatches\":\"input/*\"} -> EachObject", "default -> InputOutsideInput"),
                rules(state("PrefixUnderInput")));
        for (String fail : List.of("WrongBucket", "OutputPrefixOutsideOutput", "InputOutsideInput", "ColumnsMissing")) {
            assertEquals("Fail", state(fail).path("Type").asText(), fail);
            assertEquals("InvalidInput", state(fail).path("Error").asText(), fail);
            assertFalse(state(fail).path("Cause").asText().isBlank(), fail);
        }
    }

    @Test
    void formatChoosesTheJsonlOrCsvMapAndFailsOnAnythingElse() {
        assertEquals(List.of(
                "{\"Not\":{\"Variable\":\"$.format\",\"IsPresent\":true}} -> UnsupportedFormat",
                "{\"Variable\":\"$.format\",\"StringEquals\":\"jsonl\"} -> ClassifyJsonl",
                "{\"Variable\":\"$.format\",\"StringEquals\":\"csv\"} -> ClassifyCsv",
                "default -> UnsupportedFormat"), rules(state("Format")));
        JsonNode fail = state("UnsupportedFormat");
        assertEquals("Fail", fail.path("Type").asText());
        assertEquals("UnsupportedFormat", fail.path("Error").asText());
        assertTrue(fail.path("Cause").asText().contains("jsonl") && fail.path("Cause").asText().contains("csv"), fail.toString());
    }

    @Test
    void readersReadTheObjectTheInputNamesAsJsonLinesOrCsvWithAHeaderRow() {
        JsonNode jsonl = state("ClassifyJsonl").path("ItemReader");
        assertEquals("arn:Ref(AWS::Partition):states:::s3:getObject", jsonl.path("Resource").asText());
        assertEquals("{\"InputType\":\"JSONL\"}", jsonl.path("ReaderConfig").toString());
        assertEquals("{\"Bucket.$\":\"$.bucket\",\"Key.$\":\"$.key\"}", jsonl.path("Parameters").toString());

        JsonNode csv = state("ClassifyCsv").path("ItemReader");
        assertEquals("arn:Ref(AWS::Partition):states:::s3:getObject", csv.path("Resource").asText());
        assertEquals("CSV", csv.path("ReaderConfig").path("InputType").asText());
        assertEquals("FIRST_ROW", csv.path("ReaderConfig").path("CSVHeaderLocation").asText());
        assertEquals("{\"Bucket.$\":\"$.bucket\",\"Key.$\":\"$.key\"}", csv.path("Parameters").toString());
    }

    @Test
    void everyItemCarriesItsRowNumberAndEveryBatchTheColumnNames() {
        for (String map : List.of("ClassifyJsonl", "ClassifyCsv")) {
            JsonNode m = state(map);
            assertEquals("Map", m.path("Type").asText());
            // The wrapper serving's ClassifyBatchFunction unwraps: exactly these two fields.
            assertEquals(Set.of("index.$", "value.$"), Set.copyOf(iterable(m.path("ItemSelector").fieldNames())));
            assertEquals("$$.Map.Item.Index", m.path("ItemSelector").path("index.$").asText());
            assertEquals("$$.Map.Item.Value", m.path("ItemSelector").path("value.$").asText());
            JsonNode batcher = m.path("ItemBatcher");
            assertEquals(256, batcher.path("MaxItemsPerBatch").asInt());
            assertEquals(BatchStack.MAX_BATCH_BYTES, batcher.path("MaxInputBytesPerBatch").asInt());
            assertTrue(BatchStack.MAX_BATCH_BYTES < 256 * 1024, "a child execution's input is at most 256 KiB");
            assertEquals("{\"column.$\":\"$.column\",\"idColumn.$\":\"$.idColumn\"}", batcher.path("BatchInput").toString());
            assertEquals(10, m.path("MaxConcurrency").asInt());
            assertEquals(1, m.path("ToleratedFailurePercentage").asInt());
            assertEquals("DISTRIBUTED", m.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText());
            assertEquals("EXPRESS", m.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText());
            assertEquals(map, m.path("Label").asText());
        }
    }

    @Test
    void answersAreWrittenAsJsonLinesUnderTheExecutionsOutputPrefix() {
        for (String map : List.of("ClassifyJsonl", "ClassifyCsv")) {
            JsonNode writer = state(map).path("ResultWriter");
            assertEquals("arn:Ref(AWS::Partition):states:::s3:putObject", writer.path("Resource").asText());
            assertTrue(writer.path("Parameters").path("Bucket").asText().startsWith("ImportValue(SiftStorage:ExportsOutputRef" + bucket),
                    writer.toString());
            assertEquals("$.outputPrefix", writer.path("Parameters").path("Prefix.$").asText());
            assertEquals("{\"OutputType\":\"JSONL\",\"Transformation\":\"COMPACT\"}", writer.path("WriterConfig").toString());
            // The execution output keeps the input and adds where the manifest is.
            assertEquals("$.results", state(map).path("ResultPath").asText());
        }
    }

    @Test
    void eachBatchIsOneCallOfTheLiveAliasRetriedWhenThrottled() {
        String alias = "Ref(" + Templates.logicalId(batch.classifyBatch.live) + ")";
        for (String[] path : List.of(new String[]{"ClassifyJsonl", "ClassifyJsonlBatch"}, new String[]{"ClassifyCsv", "ClassifyCsvBatch"})) {
            JsonNode task = state(path);
            // payloadResponseOnly: the function ARN itself, the batch as the payload, its answer as the output.
            assertEquals(alias, task.path("Resource").asText());
            assertTrue(task.path("Parameters").isMissingNode(), task.toString());
            assertTrue(task.path("End").asBoolean());
            Set<String> retried = new HashSet<>();
            for (JsonNode retry : task.path("Retry")) {
                retry.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
                assertTrue(retry.path("BackoffRate").asDouble() > 1, retry.toString());
            }
            assertTrue(retried.containsAll(List.of("Lambda.TooManyRequestsException", "Lambda.ServiceException", "RetryableFault")),
                    retried.toString());
            assertFalse(retried.contains("States.ALL"), "a broken batch must fail and count against the tolerated percentage");
        }
    }

    @Test
    void aPrefixRunsTheSameMapForEveryJsonlOrCsvObjectOneAtATime() {
        JsonNode each = state("EachObject");
        assertEquals("arn:Ref(AWS::Partition):states:::s3:listObjectsV2", each.path("ItemReader").path("Resource").asText());
        assertEquals("{\"Bucket.$\":\"$.bucket\",\"Prefix.$\":\"$.prefix\"}", each.path("ItemReader").path("Parameters").toString());
        assertEquals("$$.Map.Item.Value.Key", each.path("ItemSelector").path("key.$").asText());
        assertEquals("States.Format('{}{}/', $.outputPrefix, $$.Map.Item.Value.Key)", each.path("ItemSelector").path("outputPrefix.$").asText());
        for (String field : List.of("bucket", "column", "idColumn")) {
            assertEquals("$." + field, each.path("ItemSelector").path(field + ".$").asText(), field);
        }
        assertEquals(1, each.path("MaxConcurrency").asInt());
        // A child runs a whole object's map run: longer than EXPRESS's five minutes.
        assertEquals("STANDARD", each.path("ItemProcessor").path("ProcessorConfig").path("ExecutionType").asText());
        assertEquals("$.outputPrefix", each.path("ResultWriter").path("Parameters").path("Prefix.$").asText());

        assertEquals(List.of(
                "{\"Variable\":\"$.key\",\"StringMatches\":\"*.jsonl\"} -> ClassifyObjectJsonl",
                "{\"Variable\":\"$.key\",\"StringMatches\":\"*.csv\"} -> ClassifyObjectCsv",
                "default -> NotJsonlOrCsv"), rules(state("EachObject", "ObjectFormat")));
        assertEquals("Succeed", state("EachObject", "NotJsonlOrCsv").path("Type").asText());
        // The per-object maps are the single-object maps, state names aside.
        for (String format : List.of("Jsonl", "Csv")) {
            String nested = state("EachObject", "ClassifyObject" + format).toString().replace("ClassifyObject", "Classify");
            assertEquals(state("Classify" + format).toString(), nested, format);
        }
    }

    @Test
    void batchSizeConcurrencyToleranceAndMemoryAreParameters() {
        BatchStack tuned = TestApps.synth(Map.of("batchMaxItemsPerBatch", "100", "batchMaxConcurrency", "4",
                "batchToleratedFailurePercentage", "5", "batchMemoryMb", "3008")).batch();
        Template t = Template.fromStack(tuned);
        JsonNode d = Templates.stateMachineDefinition(t, tuned.batch);
        for (String map : List.of("ClassifyJsonl", "ClassifyCsv")) {
            JsonNode m = state(d, map);
            assertEquals(100, m.path("ItemBatcher").path("MaxItemsPerBatch").asInt());
            assertEquals(4, m.path("MaxConcurrency").asInt());
            assertEquals(5, m.path("ToleratedFailurePercentage").asInt());
        }
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("QUARKUS_FUNQY_EXPORT", "classifyBatch"))),
                "MemorySize", 3008));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> functionProperties(Template t, software.constructs.IConstruct fn) {
        return Templates.properties(t.findResources("AWS::Lambda::Function").get(Templates.logicalId(fn)));
    }

    @Test
    void functionIsTheServingDirectZipExportingClassifyBatch() {
        Map<String, Object> fn = functionProperties(template, batch.classifyBatch.function);
        Map<String, Object> classify = functionProperties(Template.fromStack(stacks.serving()),
                stacks.serving().functions.get(SiftParameters.ServingFunction.CLASSIFY).function);
        for (String same : List.of("Code", "Handler", "Runtime", "Architectures", "SnapStart", "MemorySize")) {
            assertEquals(classify.get(same), fn.get(same), same);
        }
        assertEquals(120, fn.get("Timeout"));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
        assertEquals(Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_FUNQY_EXPORT", "SIFT_MODEL_BUNDLE", "SIFT_MODEL_REVISION", "SIFT_FEEDBACK_STORE",
                "SIFT_PREDICTIONS_STORE", "SIFT_PREDICTIONS_SAMPLE_RATE", "SIFT_PREDICTIONS_KEEP_TEXT"), env.keySet());
        String store = Templates.flatten(env.get("SIFT_PREDICTIONS_STORE"));
        assertTrue(store.contains(Templates.logicalId(stacks.storage().feedback)) && store.endsWith(">/predictions"), store);
        assertEquals("1", env.get("SIFT_PREDICTIONS_SAMPLE_RATE"));
        Template.fromStack(TestApps.synth(TestApps.TUNED_MONITORING).batch()).hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SIFT_PREDICTIONS_SAMPLE_RATE", "0.25", "SIFT_PREDICTIONS_KEEP_TEXT", "true")))));
        assertEquals("classifyBatch", env.get("QUARKUS_FUNQY_EXPORT"));
        assertEquals("none", env.get("SIFT_FEEDBACK_STORE"));
        String bundle = Templates.flatten(env.get("SIFT_MODEL_BUNDLE"));
        assertTrue(bundle.startsWith("registry:s3://<") && bundle.contains(Templates.logicalId(stacks.storage().models))
                && bundle.endsWith(">/registry"), bundle);
        // The state machine calls the alias, whose version SnapStart restores.
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void stateMachineReadsOnlyInputAndWritesOnlyOutputOfTheBatchBucket() {
        List<Map<String, Object>> statements = Templates.statementsOf(template, Templates.logicalId(batch.batch.getRole()));
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        for (Map<String, Object> s : statements) {
            List<String> actions = Templates.actions(s);
            String resource = Templates.flatten(s.get("Resource"));
            boolean s3 = actions.stream().anyMatch(a -> a.startsWith("s3:"));
            assertFalse(actions.contains("s3:*") || actions.contains("*"), "wildcard action " + actions);
            if (!s3) {
                continue;
            }
            assertTrue(resource.contains(bucket), "S3 outside the batch bucket: " + resource);
            assertFalse(resource.equals("*") || resource.endsWith(">/*"), "S3 on a whole bucket: " + actions + " " + resource);
            String where = resource.replaceAll("^<[^>]*>", "");
            if (actions.contains("s3:GetObject")) {
                reads.add(where);
            }
            if (actions.stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"))) {
                writes.add(where);
            }
            if (actions.contains("s3:ListBucket")) {
                assertEquals("{\"StringLike\":{\"s3:prefix\":[\"input/*\"]}}", Templates.json(s.get("Condition")));
            }
            if (where.equals("/output/*")) {
                // GetObject on output/* only as part of the ResultWriter's documented set.
                assertEquals(List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"), actions);
            }
        }
        assertEquals(List.of("/input/*", "/output/*"), reads);
        assertEquals(List.of("/output/*"), writes);
        for (Map<String, Object> s : statements) {
            List<String> actions = Templates.actions(s);
            if (actions.stream().anyMatch(a -> a.startsWith("kms:"))) {
                assertTrue(Templates.flatten(s.get("Resource")).contains(Templates.logicalId(stacks.storage().batchKey)), s.toString());
                assertNotNull(s.get("Condition"), "KMS use must go through S3");
            }
            if (actions.contains("lambda:InvokeFunction")) {
                assertEquals(Map.of("Ref", Templates.logicalId(batch.classifyBatch.live)), s.get("Resource"));
            }
            if (actions.stream().anyMatch(a -> a.startsWith("states:"))) {
                assertTrue(Templates.flatten(s.get("Resource")).contains(Templates.logicalId(batch.batch)),
                        "child executions of this state machine only: " + s);
            }
        }
        assertTrue(statements.stream().anyMatch(s -> Templates.actions(s).contains("states:StartExecution")));
    }

    @Test
    void functionReadsOnlyTheRegistryWritesOnlyThePredictionLogAndNothingElseReachesTheBatchBucket() {
        List<String> writes = new ArrayList<>();
        for (Map<String, Object> s : Templates.statementsOf(template, Templates.logicalId(batch.classifyBatch.role))) {
            String resource = Templates.flatten(s.get("Resource"));
            assertFalse(resource.contains(bucket), "the function never touches the batch bucket: " + resource);
            if (Templates.actions(s).contains("s3:GetObject")) {
                assertTrue(resource.endsWith(">/registry/*"), resource);
            }
            if (Templates.actions(s).stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"))) {
                assertEquals(List.of("s3:PutObject"), Templates.actions(s));
                assertTrue(resource.contains(Templates.logicalId(stacks.storage().feedback)), resource);
                writes.add(resource.replaceAll("^<[^>]*>", ""));
            }
        }
        assertEquals(List.of("/predictions/*"), writes);
        Template off = Template.fromStack(TestApps.synth(Map.of("predictionSampleRate", "0")).batch());
        String offJson = Templates.json(off.toJSON());
        assertFalse(offJson.contains("SIFT_PREDICTIONS_") || offJson.contains("/predictions/"), "predictionSampleRate=0: no log, no grant");
        for (var other : List.of(stacks.serving(), stacks.training(), stacks.observability())) {
            String json = Templates.json(Template.fromStack(other).toJSON());
            assertFalse(json.contains(bucket) || json.contains(Templates.logicalId(stacks.storage().batchKey)), other.getStackName());
        }
    }

    @Test
    void outputsNameTheStateMachineTheBucketAndAReadyCommand() {
        template.hasOutput("BatchStateMachineArn", Map.of("Value", Map.of("Ref", Templates.logicalId(batch.batch))));
        template.hasOutput("BatchBucketName", Map.of("Value", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*" + bucket + ".*"))));
        String command = Templates.flatten(template.findOutputs("StartBatchExample").get("StartBatchExample").get("Value"));
        assertTrue(command.startsWith("aws stepfunctions start-execution --state-machine-arn <{\"Ref\":\"" + Templates.logicalId(batch.batch)),
                command);
        assertTrue(command.contains("--input '{\"bucket\":\"<") && command.contains("\"key\":\"input/reviews.jsonl\",\"format\":\"jsonl\","
                + "\"column\":\"text\",\"idColumn\":\"id\",\"outputPrefix\":\"output/reviews/\"}'"), command);
        String prefix = Templates.flatten(template.findOutputs("StartPrefixBatchExample").get("StartPrefixBatchExample").get("Value"));
        assertTrue(prefix.contains("\"prefix\":\"input/\""), prefix);
        String console = Templates.flatten(template.findOutputs("BatchConsole").get("BatchConsole").get("Value"));
        assertTrue(console.startsWith("https://") && console.contains("console.aws.amazon.com/states/home"), console);
    }
}
