package io.unstick.lab.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the jars the lab launches are, relative to the unstick checkout. */
public record Artifacts(Path home, Path shopJar, Path balancerJar) {

    public static Artifacts in(Path home) {
        Path root = home.toAbsolutePath().normalize();
        return new Artifacts(root,
                root.resolve("sample-app/target/unstick-shop.jar"),
                root.resolve("balancer/target/unstick-balancer.jar"));
    }

    /** Fails with the build command when a jar is missing, rather than a cryptic process error later. */
    public Artifacts requireBuilt() {
        for (Path jar : new Path[] {shopJar, balancerJar}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B package -DskipTests"
                        + " (the ./unstick script does this for you)");
            }
        }
        return this;
    }
}
