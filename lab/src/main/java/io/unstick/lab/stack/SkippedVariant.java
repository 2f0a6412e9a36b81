package io.unstick.lab.stack;

/**
 * A variant that was asked for but could not run on this machine, and why: reported, never a crash.
 *
 * @param mode   its label, e.g. {@code redis}
 * @param reason what is missing and how to get it, e.g. "redis-server is not installed (apt-get install redis-server)"
 */
public record SkippedVariant(String mode, String reason) {

    /** The variant, skipped if a program it needs is missing here. */
    public static java.util.Optional<SkippedVariant> ifMissing(Variant variant) {
        return variant.missingProgram().map(reason -> new SkippedVariant(variant.label(), reason));
    }

    /** One line for the command's output. */
    public String line() {
        return mode + ": skipped, " + reason;
    }
}
