package dev.kvmforge.checks;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void local() {
        VerificationResult r = VerificationRun.localhost().run();
        r.results().forEach(System.out::println);
        System.out.println(r.hostProblems());
        System.out.println(r.runProblems());
    }
}
