package dev.sift.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sift.backlog.ClassifyFile;
import dev.sift.backlog.ClassifyS3;
import picocli.CommandLine;

/**
 * Every command-line entry point of dev.sift.pipeline: {@code --help} answers with the usage and
 * exit 0, bad arguments with one clear message, the usage and exit 2, never a stack trace.
 */
class CommandLineToolTest {
    /** A tool, arguments it must refuse, and the message that must say why. */
    record Tool(Class<?> main, Supplier<Object> command, List<String> badArguments, String expectedError) {
        @Override
        public String toString() {
            return main.getSimpleName() + " " + badArguments;
        }
    }

    static Stream<Tool> tools() {
        return Stream.of(
                new Tool(BuildEmbeddingBundle.class, BuildEmbeddingBundle.Cli::new, List.of("spec.json"),
                        "Missing required parameters: 'ENCODER.onnx', 'TOKENIZER.json', 'OUT_DIR'"),
                new Tool(CalibrateBundle.class, CalibrateBundle.Cli::new, List.of("b", "val.csv", "--target-accuracy", "1.5"),
                        "--target-accuracy must be in (0, 1], got 1.5"),
                new Tool(ClassifyFile.class, ClassifyFile::new, List.of("in.csv", "out.jsonl", "--workers", "0"),
                        "--workers must be at least 1, got 0"),
                new Tool(ClassifyS3.class, ClassifyS3::new, List.of("s3://b/input/", "s3://b/output/"),
                        "Missing required option: '--state-machine=ARN'"),
                new Tool(CompareBundles.class, CompareBundles.Cli::new, List.of("ref", "cand", "d.csv", "out", "extra"),
                        "Unmatched argument at index 4: 'extra'"),
                new Tool(EvaluateBundle.class, EvaluateBundle.Cli::new, List.of("b", "d.csv", "out", "--threads", "two"),
                        "Invalid value for option '--threads': 'two' is not an int"),
                new Tool(KernelPathComparison.class, KernelPathComparison.Cli::new,
                        List.of("b", "d.csv", "--fused-level", "fastest"), "--fused-level is all, extended or basic, got 'fastest'"),
                new Tool(PrepareTrainingSet.class, PrepareTrainingSet.Cli::new, List.of("--data", "d.csv", "--out", "o"),
                        "Missing required option: '--feedback=STORE'"),
                new Tool(PromoteBundle.class, PromoteBundle.Cli::new,
                        List.of("promote", "registry", "bundle", "test.csv", "--label-map", "0"),
                        "--label-map takes from=to pairs, got '0'"),
                new Tool(SeedTrainingData.class, SeedTrainingData.Cli::new, List.of("s3://models/training"),
                        "Missing required parameters: 'REGISTRY', 'DATA_DIR', 'ENCODER.onnx'"),
                new Tool(TokenizeDataset.class, TokenizeDataset.Cli::new,
                        List.of("tokenizer.json", "ids", "--max-length", "2", "train.csv"), "--max-length must be at least 3, got 2"));
    }

    @TempDir
    Path temp;

    @Test
    void everyMainInThePipelineIsATestedTool() throws Exception {
        Path root = Path.of(PrepareTrainingSet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> withMain = new TreeSet<>();
        for (String pkg : List.of("dev.sift.pipeline", "dev.sift.backlog")) {
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".class") && !name.contains("$")) {
                        Class<?> type = Class.forName(pkg + "." + name.replace(".class", ""));
                        for (Method m : type.getDeclaredMethods()) {
                            if (m.getName().equals("main") && Modifier.isStatic(m.getModifiers())) {
                                withMain.add(type.getSimpleName());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(withMain, tools().map(t -> t.main().getSimpleName()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest
    @MethodSource("tools")
    void helpPrintsTheUsageAndExitsZero(Tool tool) {
        Run run = execute(tool.command().get(), "--help");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("Usage: " + tool.main().getSimpleName() + " "), run.out());
        assertTrue(run.out().contains("-h, --help"), run.out());
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @MethodSource("tools")
    void badArgumentsGiveTheReasonAndTheUsageAndExitTwo(Tool tool) {
        Run run = execute(tool.command().get(), tool.badArguments().toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith(tool.expectedError() + System.lineSeparator()), run.err());
        assertTrue(run.err().contains("Usage: "), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    /** What the Makefile and scripts see: main's real exit status and stderr, in a JVM of its own. */
    @ParameterizedTest
    @MethodSource("tools")
    void mainExitsTwoOnBadArgumentsWithoutAStackTrace(Tool tool) throws Exception {
        // TieredStopAtLevel=1: these JVMs only parse arguments; C1 alone starts them about a third faster.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), tool.main().getName()));
        command.addAll(tool.badArguments());
        Process process = new ProcessBuilder(command).directory(temp.toFile()).redirectOutput(new File("/dev/null")).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), err);
        assertTrue(err.startsWith(tool.expectedError()), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void promoteListsItsSubcommandsAndRefusesToRunWithoutOne() {
        Run help = execute(new PromoteBundle.Cli(), "--help");
        assertTrue(help.out().contains("promote") && help.out().contains("rollback"), help.out());
        Run promoteHelp = execute(new PromoteBundle.Cli(), "promote", "--help");
        assertTrue(promoteHelp.out().contains("3   rejected: the champion stays"), promoteHelp.out());
        Run none = execute(new PromoteBundle.Cli());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().startsWith("Missing required subcommand"), none.err());
    }

    @Test
    void aFailureWhileRunningIsOneLineNamingTheCauseAndExitsOne() throws IOException {
        Path csv = temp.resolve("base.csv");
        Files.write(csv, new byte[] {'l', 'a', 'b', 'e', 'l', ',', 't', 'e', 'x', 't', '\n', '1', ',', (byte) 0xff, '\n'});
        Run run = execute(new PrepareTrainingSet.Cli(), "--data", csv.toString(), "--feedback",
                "file:" + temp.resolve("feedback"), "--out", temp.resolve("out").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("PrepareTrainingSet: " + csv + " row 2: not UTF-8 (byte 0xff at offset 13)" + System.lineSeparator(),
                run.err());
    }

    @Test
    void tokenizeDatasetTakesItsOptionsBetweenItsPathsAsTheMakefileGivesThem() throws IOException {
        Path csv = temp.resolve("train.csv");
        Files.writeString(csv, "label,text\n1,房间很好\n");
        Path tokenizer = Path.of("src/core/test/resources/bundles/tiny-classifier/tokenizer.json").toAbsolutePath();
        Run run = execute(new TokenizeDataset.Cli(), tokenizer.toString(), temp.resolve("ids").toString(),
                "--max-length", "16", "--head-tokens", "4", csv.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.readString(temp.resolve("ids/train.jsonl")).contains("\"maxLength\":16"));
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineTool.commandLine(command);
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
