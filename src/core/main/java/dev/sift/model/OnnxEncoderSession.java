package dev.sift.model;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sift.text.PaddedBatch;

/**
 * The one ONNX Runtime session of a bundle: created once per process, checked against the
 * manifest at creation, shared by all requests ({@link OrtSession#run} is thread-safe).
 */
final class OnnxEncoderSession implements AutoCloseable {

    /** A float output tensor of one run, valid only inside the callback that receives it. */
    record Output(FloatBuffer values, long[] shape) {
    }

    interface OutputReader<T> {
        T read(Output output);
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final BundleManifest manifest;

    private OnnxEncoderSession(OrtEnvironment env, OrtSession session, BundleManifest manifest) {
        this.env = env;
        this.session = session;
        this.manifest = manifest;
    }

    /** A bundle's session: from the model file when the bundle has one on disk, else from its bytes. */
    static OnnxEncoderSession open(ModelBundle bundle, InferenceSettings settings) {
        Optional<Path> file = bundle.modelPath();
        if (file.isPresent()) {
            return open(file.get(), bundle.manifest(), settings);
        }
        return open(bundle.modelBytes(), bundle.manifest(), settings);
    }

    /** ONNX Runtime reads the file itself: no copy of the model through the Java heap. */
    static OnnxEncoderSession open(Path model, BundleManifest manifest, InferenceSettings settings) {
        return open(manifest, settings, (env, options) -> env.createSession(model.toString(), options));
    }

    static OnnxEncoderSession open(byte[] model, BundleManifest manifest, InferenceSettings settings) {
        return open(manifest, settings, (env, options) -> env.createSession(model, options));
    }

    private interface SessionFactory {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private static OnnxEncoderSession open(BundleManifest manifest, InferenceSettings settings, SessionFactory factory) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = sessionOptions(settings)) {
            OrtSession session = factory.create(env, options);
            OnnxEncoderSession encoder = new OnnxEncoderSession(env, session, manifest);
            try {
                encoder.checkSignature();
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            return encoder;
        } catch (OrtException e) {
            throw new BundleException("ONNX Runtime cannot load " + BundleManifest.MODEL_FILE + " of bundle "
                    + manifest.name() + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(InferenceSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(settings.intraOpThreads());
        // One request is one sequential chain of nodes: parallelism lives inside the matmuls
        // (intra-op), so inter-op threads would only add idle threads to the container.
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(switch (settings.optimizationLevel()) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        options.setCPUArenaAllocator(settings.cpuArena());
        // Memory patterns pre-plan buffers for one input shape; every request has another sequence
        // length, so the plan would be rebuilt and thrown away on almost every call.
        options.setMemoryPatternOptimization(false);
        // Spinning threads wait for work by burning CPU: on Lambda that is billed time and on a
        // two-core box it steals the core the other request needs.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        // x86 U8S8 integer kernels without VNNI (AVX2, AVX-512 without VNNI) add pairs of u8*s8 products
        // in saturating 16 bits, so an int8-weight bundle answers differently by CPU. This makes ORT store
        // such weights as uint8 (zero point 128) and run its exact U8U8 kernels instead, wherever U8S8 and
        // U8U8 differ; bundles from quantize.py already carry uint8 weights, so it only guards older ones.
        options.addConfigEntry("session.x64quantprecision", "1");
        return options;
    }

    private void checkSignature() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String actual = "the model has inputs " + describe(inputs) + " and outputs " + describe(outputs);
        if (!inputs.keySet().equals(new java.util.HashSet<>(manifest.inputs()))) {
            throw new BundleException("bundle " + manifest.name() + ": manifest expects inputs " + manifest.inputs()
                    + " but " + actual);
        }
        NodeInfo output = outputs.get(manifest.output());
        if (output == null || !(output.getInfo() instanceof TensorInfo tensor)
                || tensor.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new BundleException("bundle " + manifest.name() + ": manifest expects a float output '"
                    + manifest.output() + "' but " + actual);
        }
        long[] shape = tensor.getShape();
        boolean shapeOk = switch (manifest.kind()) {
            case CLASSIFIER, MULTILABEL -> shape.length == 2 && (shape[1] == manifest.labels().size() || shape[1] < 0);
            case EMBEDDING -> shape.length == 3;
        };
        if (!shapeOk) {
            String expected = manifest.kind().outputsLogits()
                    ? "[batch, " + manifest.labels().size() + "] logits for labels " + manifest.labels()
                    : "[batch, sequence, hidden] hidden states";
            throw new BundleException("bundle " + manifest.name() + ": a " + manifest.kind().json()
                    + " bundle needs output '" + manifest.output() + "' shaped " + expected + " but " + actual);
        }
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        return nodes.values().stream().map(n -> n.getName() + (n.getInfo() instanceof TensorInfo t
                ? Arrays.toString(t.getShape()) + ":" + t.type : ""))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    <T> T run(PaddedBatch batch, OutputReader<T> reader) {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (String input : manifest.inputs()) {
                long[][] values = switch (input) {
                    case "input_ids" -> batch.ids();
                    case "attention_mask" -> batch.attentionMask();
                    default -> batch.typeIds();
                };
                feeds.put(input, OnnxTensor.createTensor(env, values));
            }
            try (OrtSession.Result result = session.run(feeds, java.util.Set.of(manifest.output()))) {
                OnnxTensor tensor = (OnnxTensor) result.get(0);
                return reader.read(new Output(tensor.getFloatBuffer(), tensor.getInfo().getShape()));
            }
        } catch (OrtException e) {
            throw new InferenceException("inference failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing left to serve, nothing to recover
        }
    }
}
