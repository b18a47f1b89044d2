package dev.sift.infra;

import java.util.Arrays;
import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

/**
 * The one way the stacks silence a cdk-nag finding: on the construct it concerns (and its
 * children), with the rule id, the reason, and for wildcard findings the exact resource or
 * action it applies to, so a new wildcard elsewhere still fails {@code CdkNagTest}.
 */
final class Suppressions {
    private Suppressions() {
    }

    /** {@code appliesTo}: finding strings, or {@link #matching} patterns for tokens that differ per stack. */
    static void add(IConstruct construct, String ruleId, String reason, Object... appliesTo) {
        NagPackSuppression.Builder s = NagPackSuppression.builder().id(ruleId).reason(reason);
        if (appliesTo.length > 0) {
            s.appliesTo(List.copyOf(Arrays.asList(appliesTo)));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(s.build()), true);
    }

    /** A finding pattern, e.g. any resource that ends in {@code /registry/*}. */
    static RegexAppliesTo matching(String javaScriptRegex) {
        return RegexAppliesTo.builder().regex(javaScriptRegex).build();
    }
}
