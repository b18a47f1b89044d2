package dev.sift.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code --label-map 0=negative,1=positive}: a data set's label values renamed to a bundle's. */
final class LabelMap {
    private LabelMap() {
    }

    /** {@code option} names the option in the error message. */
    static Map<String, String> parse(String option, String pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] fromTo = pair.split("=", 2);
            if (fromTo.length != 2 || fromTo[0].isEmpty() || fromTo[1].isEmpty()) {
                throw new IllegalArgumentException(option + " takes from=to pairs, got '" + pair + "'");
            }
            map.put(fromTo[0], fromTo[1]);
        }
        return map;
    }

    /**
     * The {@code --label-map} option of the tools that score a data set with a bundle, parsed by
     * {@link #parse} so that every tool takes and refuses the same pairs.
     */
    static final class Option {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        Map<String, String> map = Map.of();

        @CommandLine.Option(names = "--label-map", paramLabel = "FROM=TO[,FROM=TO...]",
                description = "Rename the data's labels to the bundle's, e.g. 0=negative,1=positive.")
        void set(String pairs) {
            try {
                map = parse("--label-map", pairs);
            } catch (IllegalArgumentException e) {
                throw CommandLineTool.badArgument(spec, e.getMessage());
            }
        }
    }
}
