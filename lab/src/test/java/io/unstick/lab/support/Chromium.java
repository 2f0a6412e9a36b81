package io.unstick.lab.support;

import io.unstick.testsupport.PeerTool;
import io.unstick.testsupport.PeerTools;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Headless Debian {@code chromium}, to open a page as a user would and take a screenshot of it. */
public final class Chromium {

    private Chromium() {
    }

    /**
     * Screenshots a local file at 1280x2000 with a fresh profile and no network features. Skips the calling test
     * when chromium is missing ({@link PeerTools}: CI installs it, and fails the test instead).
     *
     * @throws AssertionError when chromium fails
     */
    public static Path screenshot(Path page, Path workDir) throws IOException, InterruptedException {
        Path binary = PeerTools.path(PeerTool.CHROMIUM);
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path png = workDir.resolve("report.png");
        Process process = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1280,2000",
                page.toUri().toString())).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish the screenshot of " + page + " within 90 s");
        }
        if (process.exitValue() != 0 || !Files.exists(png)) {
            throw new AssertionError("chromium failed (exit " + process.exitValue() + "):\n" + new String(output, StandardCharsets.UTF_8));
        }
        return png;
    }

    /** How many different colours the image has: a blank or error page has very few. */
    public static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new AssertionError(png + " is not a PNG image");
        }
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
