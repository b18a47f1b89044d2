package dev.sift.serving;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged application's entry point: starts the model load, then boots Quarkus beside it. */
@QuarkusMain
public class SiftMain {
    public static void main(String... args) {
        EarlyModelLoad.begin(ModelLoadPlan.fromEnvironment());
        Quarkus.run(args);
    }
}
