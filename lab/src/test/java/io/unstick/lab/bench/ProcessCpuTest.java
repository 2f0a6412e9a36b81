package io.unstick.lab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    private static final String C2 = "4711 (C2 CompilerThre) S 1 4700 4700 0 -1 4194624 0 0 0 0 1234 56 0 0 20 0 60 0";

    @Test
    void readsUserPlusSystemTicksAfterANameWithSpaces() {
        assertThat(ProcessCpu.parseTicks(C2)).isEqualTo(1290);
    }

    @Test
    void tellsTheJitCompilerThreadsByTheirName() {
        assertThat(ProcessCpu.isCompilerThread(C2)).isTrue();
        assertThat(ProcessCpu.isCompilerThread(C2.replace("C2 CompilerThre", "C1 CompilerThre"))).isTrue();
        assertThat(ProcessCpu.isCompilerThread(C2.replace("C2 CompilerThre", "hz.m1.IO.thr"))).isFalse();
    }

    @Test
    void aJvmHasSpentSomeOfItsCpuCompiling() {
        long self = ProcessHandle.current().pid();
        double compiling = ProcessCpu.compilerSeconds(self);
        // this JVM has loaded and compiled the test framework by now: at least one 10 ms tick of compiler time
        assertThat(compiling).isPositive().isLessThan(ProcessCpu.ownSeconds(self));
    }
}
