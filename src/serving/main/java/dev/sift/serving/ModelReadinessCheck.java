package dev.sift.serving;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sift.model.ModelInfo;

/** {@code /q/health/ready} is UP only once the bundle loaded and the warm-up inference succeeded. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
    private final ClassifierService service;

    ModelReadinessCheck(ClassifierService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model");
        if (!service.ready()) {
            return response.down().withData("status", "loading").build();
        }
        ModelInfo info = service.classifier().info();
        return response.up().withData("name", info.name()).withData("version", info.version())
                .withData("kind", info.kind()).build();
    }
}
