package dev.sift.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --label-map 0=negative,1=positive}: a data set's label values renamed to a bundle's. */
final class LabelMap {
    private LabelMap() {
    }

    static Map<String, String> parse(String pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] fromTo = pair.split("=", 2);
            if (fromTo.length != 2 || fromTo[0].isEmpty() || fromTo[1].isEmpty()) {
                throw new IllegalArgumentException("--label-map takes from=to pairs, got '" + pair + "'");
            }
            map.put(fromTo[0], fromTo[1]);
        }
        return map;
    }
}
