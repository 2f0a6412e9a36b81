package io.unstick.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerToolsTest {

    @TempDir
    Path bin;

    @Test
    void aMissingToolSkipsTheTestAndSaysWhatToInstall() {
        PeerTools machine = new PeerTools(List.of(bin), false, true);

        assertThatThrownBy(() -> machine.check(List.of(PeerTool.HAPROXY, PeerTool.NFT), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("haproxy, nft are not installed (apt-get install haproxy nftables)")
                .hasMessageContaining("-Dunstick.requireTools=true");
    }

    @Test
    void underRequireToolsAMissingToolFailsTheTest() {
        PeerTools ci = new PeerTools(List.of(bin), true, true);

        assertThatThrownBy(() -> ci.check(List.of(PeerTool.CHROMIUM), false))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("chromium is not installed (apt-get install chromium)");
    }

    @Test
    void anInstalledToolIsFoundOnTheSearchPathInOrder() throws IOException {
        Path later = Files.createDirectory(bin.resolve("later"));
        Path first = executable(bin.resolve("ss"));
        executable(later.resolve("ss"));
        PeerTools ci = new PeerTools(List.of(bin.resolve("empty"), bin, later), true, false);

        assertThatCode(() -> ci.check(List.of(PeerTool.SS), false)).doesNotThrowAnyException();
        assertThat(ci.find(PeerTool.SS)).contains(first.toAbsolutePath());
    }

    @Test
    void aFileThatIsNotExecutableDoesNotCount() throws IOException {
        // .ci/bare-check hides a tool by mounting an empty, non-executable file over it.
        Files.createFile(bin.resolve("wrk"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        PeerTools machine = new PeerTools(List.of(bin), false, true);

        assertThat(machine.find(PeerTool.WRK)).isEmpty();
        assertThatThrownBy(() -> machine.check(List.of(PeerTool.WRK), false)).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aTestThatNeedsRootIsSkippedOrFailedWithoutIt() throws IOException {
        executable(bin.resolve("iptables"));

        assertThatThrownBy(() -> new PeerTools(List.of(bin), false, false).check(List.of(PeerTool.IPTABLES), true))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("it must run as root");
        assertThatThrownBy(() -> new PeerTools(List.of(bin), true, false).check(List.of(), true))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("it must run as root");
        assertThatCode(() -> new PeerTools(List.of(bin), true, true).check(List.of(PeerTool.IPTABLES), true))
                .doesNotThrowAnyException();
    }

    @Test
    void ciInstallsEveryToolThatATestMayRequire() throws IOException {
        Path root = Path.of(System.getProperty("unstick.root", "..")).toAbsolutePath().normalize();
        String tools = Files.readString(root.resolve(".ci/tools"));
        String ci = Files.readString(root.resolve(".ci/run"));

        for (PeerTool tool : PeerTool.values()) {
            assertThat(tools).as(".ci/tools lists %s for %s", tool.debianPackage(), tool.command())
                    .contains("[" + tool.command() + "]=" + tool.debianPackage());
        }
        assertThat(ci).as(".ci/run installs the tools of .ci/tools").contains("source .ci/tools");
        assertThat(ci).as(".ci/run turns skips into failures").contains("-D" + PeerTools.REQUIRE_PROPERTY + "=true");
    }

    private static Path executable(Path file) throws IOException {
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
