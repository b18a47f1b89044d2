package dev.sift.functions;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Builds the mapper's deserializers and serializers when a type is first read or written, not when
 * a reader or writer for it is made. Funqy makes one of each for every function at boot, so eagerly
 * they were all built there, on the main thread of a cold start: Funqy's static init took 71 ms, and
 * 16-31 ms without (src/bench/results/coldstart-levers-2026-12-03.txt, section 9). Lazily, a
 * function's are built by its first call, and a function no request calls costs nothing.
 */
@Singleton
public class LazyJsonBinding implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
        mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
}
