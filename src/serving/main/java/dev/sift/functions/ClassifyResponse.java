package dev.sift.functions;

import java.util.List;

import dev.sift.model.Prediction;

public record ClassifyResponse(ModelRef model, List<Prediction> results) implements FunctionAnswer {
}
