package dev.sift.model;

import java.util.Arrays;

/** An enum spelled in manifest.json by its {@link #json()} name. */
interface ManifestEnum {
    String json();

    /** The constant spelled {@code value}, or a BundleException naming the field and the allowed spellings. */
    static <E extends Enum<E> & ManifestEnum> E parse(Class<E> type, String field, String value) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants).filter(c -> c.json().equals(value)).findFirst()
                .orElseThrow(() -> new BundleException("manifest.json: " + field + " must be one of "
                        + Arrays.stream(constants).map(ManifestEnum::json).toList() + ", got '" + value + "'"));
    }
}
