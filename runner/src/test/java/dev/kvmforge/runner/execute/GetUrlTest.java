package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kvmforge.runner.event.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get_url} with the host's real curl against an HTTP server on loopback that counts its requests: a file that
 * is there is not downloaded again, checksums (given or from a list) are checked, a wrong one changes nothing, the
 * password reaches the server but no process's arguments and no output.
 */
class GetUrlTest {

    private static final byte[] IMAGE = "not really a qcow2 image, but bytes\n".getBytes(StandardCharsets.UTF_8);
    private static final String PASSWORD = "s3cr3t-Pa55word";

    @TempDir
    Path dir;

    HttpServer server;
    String base;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final AtomicBoolean passwordInArgs = new AtomicBoolean();
    PlaybookFixture f;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.22.9", 0), 0);
        server.createContext("/", this::serve);
        server.start();
        base = "http://127.0.22.9:" + server.getAddress().getPort();
        f = new PlaybookFixture(dir);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] body;
        int status = 200;
        switch (path) {
            case "/images/disk.img" -> body = IMAGE;
            case "/images/SHA256SUMS" -> body = (sha256(IMAGE) + "  disk.img\n" + sha256(new byte[0]) + "  other.img\n")
                    .getBytes(StandardCharsets.UTF_8);
            case "/private/disk.img" -> {
                String ps = new String(new ProcessBuilder("ps", "-eo", "args").start().getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                passwordInArgs.set(ps.contains(PASSWORD));
                String auth = x.getRequestHeaders().getFirst("Authorization");
                String wanted = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
                if (wanted.equals(auth)) {
                    body = IMAGE;
                } else {
                    x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"images\"");
                    status = 401;
                    body = new byte[0];
                }
            }
            default -> {
                status = 404;
                body = "no such file".getBytes(StandardCharsets.UTF_8);
            }
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int count(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void downloadsOnceIntoADirectoryAndNeverAgainWhileTheFileIsThere() throws Exception {
        String pb = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: fetch
                      get_url:
                        url: %s/images/disk.img
                        dest: %s/
                        mode: "0640"
                """.formatted(base, dir);
        RunResult check = f.run(pb, RunOptions.defaults().withCheck(true));
        assertEquals(0, check.exitCode(), f.console());
        assertEquals(Status.CHANGED, f.status("fetch"));
        assertEquals(0, count("/images/disk.img"), "check mode downloads nothing");
        assertFalse(Files.exists(dir.resolve("disk.img")));

        f.run(pb);
        assertEquals(Status.CHANGED, f.status("fetch"), f.console());
        assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve("disk.img")));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("disk.img"))));
        f.run(pb);
        assertEquals(Status.OK, f.status("fetch"));
        assertEquals(1, count("/images/disk.img"), "a second run does not download again");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("kvmforge-download")));
        }
    }

    @Test
    void checksumsGivenOrListedAreCheckedAndAWrongOneLeavesTheFileAlone() throws Exception {
        Path dest = dir.resolve("seed.img");
        RunResult listed = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: listed
                      get_url:
                        url: %s/images/disk.img
                        dest: %s
                        checksum: sha256:%s/images/SHA256SUMS
                """.formatted(base, dest, base));
        assertEquals(0, listed.exitCode(), f.console());
        assertArrayEquals(IMAGE, Files.readAllBytes(dest));

        String pb = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: given
                      get_url:
                        url: %s/images/disk.img
                        dest: %s
                        checksum: "sha256:%s"
                """;
        f.run(pb.formatted(base, dest, sha256(IMAGE)));
        assertEquals(Status.OK, f.status("given"), f.console());
        assertEquals(1, count("/images/disk.img"), "the file there has the checksum: no download");

        RunResult wrong = f.run(pb.formatted(base, dest, sha256(new byte[] {1})));
        assertEquals(RunResult.HOST_FAILED, wrong.exitCode());
        assertTrue(f.result("given").message().contains("The checksum for " + dest + " did not match"),
                f.result("given").message());
        assertArrayEquals(IMAGE, Files.readAllBytes(dest), "unchanged");

        RunResult force = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: forced
                      get_url: url=%s/images/disk.img dest=%s force=true
                """.formatted(base, dest));
        assertEquals(0, force.exitCode(), f.console());
        assertEquals(Status.OK, f.status("forced"), "downloaded again, the same bytes: nothing changed");
    }

    @Test
    void aPasswordReachesTheServerButNoProcessArgumentsOrOutput() throws Exception {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: private
                      get_url:
                        url: %s/private/disk.img
                        dest: %s/private.img
                        url_username: alice
                        url_password: %s
                        force_basic_auth: true
                """.formatted(base, dir, PASSWORD), RunOptions.defaults().withVerbosity(3));
        assertEquals(0, r.exitCode(), f.console());
        assertArrayEquals(IMAGE, Files.readAllBytes(dir.resolve("private.img")));
        assertFalse(passwordInArgs.get(), "curl read the password from its standard input");
        assertFalse(f.console().contains(PASSWORD), f.console());
        assertFalse(f.events.toString().contains(PASSWORD));

        RunResult missing = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: missing
                      get_url: url=%s/nothing.iso dest=%s/x.iso
                """.formatted(base, dir));
        assertEquals(RunResult.HOST_FAILED, missing.exitCode());
        assertTrue(f.result("missing").message().contains("Request failed: HTTP Error 404"), f.result("missing")
                .message());
        RunResult inUrl = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: in the url
                      get_url: url=http://alice:%s@127.0.22.9:%d/nothing.iso dest=%s/y.iso
                """.formatted(PASSWORD, server.getAddress().getPort(), dir), RunOptions.defaults().withVerbosity(3));
        assertEquals(RunResult.HOST_FAILED, inUrl.exitCode());
        assertTrue(f.result("in the url").message().contains("http://alice:********@127.0.22.9"),
                f.result("in the url").message());
        assertFalse(f.console().contains(PASSWORD), f.console());
        assertFalse(Files.exists(dir.resolve("x.iso")));
    }
}
