package dev.sift.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.onnxruntime.OrtEnvironment;

/**
 * The processor an int8 result was measured on, as ONNX Runtime's kernel choice sees it: its model
 * name and the instruction-set flags that pick MLAS's integer matmul kernels (AVX2, AVX-512, VNNI
 * and AMX on x86; NEON and the dot-product extension on arm64), plus the ONNX Runtime version.
 * Read from /proc/cpuinfo (Linux); elsewhere the flags are reported as unknown.
 */
public record CpuDescription(String model, String arch, Map<String, Boolean> flags, String onnxRuntime) {

    /** /proc/cpuinfo flag names (x86 "flags", arm64 "Features") behind each reported feature. */
    private static final Map<String, List<String>> FEATURES = featureNames();

    private static Map<String, List<String>> featureNames() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("avx2", List.of("avx2"));
        m.put("avx512", List.of("avx512f"));
        m.put("avx512vnni", List.of("avx512_vnni"));
        m.put("avxvnni", List.of("avx_vnni"));
        m.put("amxInt8", List.of("amx_int8"));
        m.put("neon", List.of("asimd"));
        m.put("dotprod", List.of("asimddp"));
        return m;
    }

    public static CpuDescription ofThisMachine() {
        return parse(readCpuInfo(), System.getProperty("os.arch"), OrtEnvironment.getEnvironment().getVersion());
    }

    static CpuDescription parse(String cpuinfo, String arch, String ortVersion) {
        String model = "unknown";
        Set<String> present = Set.of();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (model.equals("unknown") && (key.equals("model name") || key.equals("CPU part"))) {
                model = value;
            }
            if (present.isEmpty() && (key.equals("flags") || key.equals("Features"))) {
                present = Arrays.stream(value.split("\\s+")).collect(Collectors.toSet());
            }
        }
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> f : FEATURES.entrySet()) {
            flags.put(f.getKey(), f.getValue().stream().anyMatch(present::contains));
        }
        return new CpuDescription(model, arch, flags, ortVersion);
    }

    /**
     * Whether ONNX Runtime's U8S8 integer kernels can saturate here: x86 without VNNI or AMX adds
     * pairs of u8*s8 products in 16 bits (VPMADDUBSW).
     */
    public boolean u8s8MaySaturate() {
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        return x86 && !flags.get("avx512vnni") && !flags.get("avxvnni") && !flags.get("amxInt8");
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("arch", arch);
        m.putAll(flags);
        m.put("u8s8MaySaturate", u8s8MaySaturate());
        m.put("onnxRuntime", onnxRuntime);
        return m;
    }

    @Override
    public String toString() {
        return model + " (" + arch + "; " + flags.entrySet().stream().filter(Map.Entry::getValue)
                .map(Map.Entry::getKey).collect(Collectors.joining(" ")) + "), ONNX Runtime " + onnxRuntime;
    }

    private static String readCpuInfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
