package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code apt_repository} on this machine's real apt configuration, with a repository that is a local folder
 * ({@code file:}, no network): the file written as Ansible names and writes it, the real {@code apt-get update} of
 * that source alone, a commented line enabled again, removal; each file it made removed afterwards.
 */
class AptRepositoryModuleTest {

    private final AptRepositoryModule module = new AptRepositoryModule();
    Path repo;
    String line;
    Path list;

    @BeforeEach
    void localRepository() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        repo = Files.createDirectories(Path.of("/tmp/kvmf-repo-" + id));
        Files.writeString(repo.resolve("Packages"), ""); // a flat repository with no package in it
        line = "deb [trusted=yes]   file:" + repo + " ./";
        list = Path.of("/etc/apt/sources.list.d/file_tmp_kvmf_repo_" + id + ".list"); // as Ansible names it
    }

    @AfterEach
    void cleanUp() {
        TaskRun.LOCAL.run("rm -rf -- " + repo + " " + list + " /etc/apt/sources.list.d/kvmf-test-*.list"
                + " /var/lib/apt/lists/*kvmf-repo-*");
    }

    @Test
    void addsTheSourceInItsOwnFileUpdatesItsListAloneAndASecondRunIsOk() throws Exception {
        TaskRun check = TaskRun.check(module, Map.of("repo", line));
        assertTrue(check.changed());
        assertEquals(List.of("create " + list + " (" + ("deb [trusted=yes] file:" + repo + " ./\n").length()
                + " bytes, mode 0644)", "update apt's package lists (" + list + ")"), check.summaries());
        assertFalse(Files.exists(list), "check mode writes nothing");

        TaskRun added = TaskRun.run(module, Map.of("repo", line));
        assertTrue(added.changed());
        assertEquals("deb [trusted=yes] file:" + repo + " ./\n", Files.readString(list), "blanks collapsed");
        assertEquals(List.of(list.toString()), added.result().values().get("sources_added"));
        assertFalse(TaskRun.run(module, Map.of("repo", "deb [trusted=yes] file:" + repo + " ./")).changed());
    }

    @Test
    void aCommentedOutLineIsEnabledAgainAndAbsentRemovesTheEmptiedFile() throws Exception {
        Path own = Path.of("/etc/apt/sources.list.d/kvmf-test-" + repo.getFileName() + ".list");
        Files.writeString(own, "#deb [trusted=yes] file:" + repo + " ./   # kept for later\n");
        TaskRun enabled = TaskRun.run(module, Map.of("repo", line, "update_cache", false));
        assertTrue(enabled.changed());
        assertEquals("deb [trusted=yes] file:" + repo + " ./ # kept for later\n", Files.readString(own));
        assertFalse(Files.exists(list), "enabled where it was, no new file");

        TaskRun removed = TaskRun.run(module, Map.of("repo", line, "state", "absent", "update_cache", false));
        assertTrue(removed.changed());
        assertFalse(Files.exists(own), "a file left with no source is removed");
        assertFalse(TaskRun.run(module, Map.of("repo", line, "state", "absent", "update_cache", false)).changed());
    }

    @Test
    void aLineThatIsNoSourceIsRefused() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("repo", "http://deb.example.org bookworm main")));
        assertTrue(e.getMessage().contains("Invalid repository string"), e.getMessage());
        assertEquals("download_docker_com_linux_debian", AptRepositoryModule.suggestedName(
                "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/debian"
                        + " bookworm stable"), "named as Ansible names it");
    }
}
