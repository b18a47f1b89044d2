package dev.sift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/**
 * The README's configuration table against {@link SiftConfig}: every key the mapping has is in the
 * table and every {@code sift.*} key of the table is in the mapping, each with its environment
 * variable by the standard mapping and, where the mapping has a default, that default.
 */
class ConfigurationTableTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeTableListsExactlyTheKeysOfSiftConfig() throws IOException {
        Map<String, Row> table = siftRows();
        Map<String, String> mapping = keys(SiftConfig.class, "sift");

        assertEquals(new TreeSet<>(mapping.keySet()), new TreeSet<>(table.keySet()),
                "README *Configuration* table (left) against SiftConfig (right)");
    }

    @Test
    void eachRowGivesTheEnvironmentVariableAndTheDefaultOfItsKey() throws IOException {
        Map<String, String> mapping = keys(SiftConfig.class, "sift");
        siftRows().forEach((key, row) -> {
            assertEquals(key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), row.environmentVariable(), key);
            String byDefault = mapping.get(key);
            if (byDefault != null && !byDefault.isEmpty()) {
                assertTrue(row.byDefault().contains(byDefault), key + ": the README's default '" + row.byDefault()
                        + "' does not show the mapping's '" + byDefault + "'");
            }
        });
    }

    @Test
    void keysAreDerivedFromMethodNamesAsSmallRyeDerivesThem() {
        Map<String, String> keys = keys(SiftConfig.class, "sift");
        assertTrue(keys.containsKey("sift.inference.intra-op-threads"), keys.toString());
        assertTrue(keys.containsKey("sift.registry.s3.force-path-style"), keys.toString());
    }

    private record Row(String environmentVariable, String byDefault) {
    }

    /** Key → default ("" when none) of every leaf of {@code group}, nested groups followed. */
    static Map<String, String> keys(Class<?> group, String prefix) {
        Map<String, String> keys = new TreeMap<>();
        Method[] methods = group.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == SiftConfig.class) {
                keys.putAll(keys(type, key));
            } else {
                WithDefault byDefault = method.getAnnotation(WithDefault.class);
                keys.put(key, byDefault == null ? "" : byDefault.value());
            }
        }
        return keys;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The {@code sift.*} rows of the table under ## Configuration: key, environment variable, default. */
    private static Map<String, Row> siftRows() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("## Configuration");
        assertTrue(start >= 0, "README.md has no ## Configuration section");
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| `sift.")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String key = unquote(cells[1]);
            Row previous = rows.put(key, new Row(unquote(cells[2]), unquote(cells[3])));
            assertEquals(null, previous, key + " is listed twice");
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.trim().replace("`", "");
    }
}
