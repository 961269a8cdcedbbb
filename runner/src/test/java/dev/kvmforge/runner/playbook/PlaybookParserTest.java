package dev.kvmforge.runner.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.modules.CopyModule;
import dev.kvmforge.runner.modules.ModuleRegistry;
import dev.kvmforge.runner.modules.Parameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad playbooks give one clear error: what, file:line:column, and a hint. */
class PlaybookParserTest {

    private final PlaybookParser parser = new PlaybookParser(ModuleRegistry.standard());

    private KvmforgeException error(String text) {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> parser.parse(text, Path.of("pb.yml")));
        assertEquals(ErrorKind.PARSE, e.kind());
        assertEquals(4, e.kind().exitCode());
        return e;
    }

    @Test
    void readsPlaysTasksBlocksAndHandlers() {
        Playbook pb = parser.parse("""
                - name: web
                  hosts: [web, db]
                  become: true
                  tags: site
                  tasks:
                    - name: a
                      ansible.builtin.command: echo a chdir=/tmp
                    - block:
                        - debug: msg=hi
                      when: x is defined
                      tags: inner
                  handlers:
                    - name: h
                      command: "true"
                """, Path.of("pb.yml"));
        Play play = pb.plays().get(0);
        assertEquals("web,db", play.hosts());
        Task a = (Task) play.tasks().get(0);
        assertEquals("command", a.module().name());
        assertEquals("echo a", a.args().get("cmd"));
        assertEquals("/tmp", a.args().get("chdir"));
        assertEquals(Boolean.TRUE, a.options().become());
        Block b = (Block) play.tasks().get(1);
        Task inner = (Task) b.block().get(0);
        assertEquals("hi", inner.args().get("msg"));
        assertEquals(List.of("x is defined"), inner.options().when());
        assertEquals(Set.of("site", "inner"), inner.options().tags());
        assertEquals("h", play.handlers().get(0).name());
    }

    @Test
    void keyValueArgumentsAreSplit() {
        Playbook pb = parser.parse("""
                - hosts: all
                  tasks:
                    - command: creates=/x echo "a b"
                """, Path.of("pb.yml"));
        Task t = (Task) pb.plays().get(0).tasks().get(0);
        assertEquals("/x", t.args().get("creates"));
        assertEquals("echo \"a b\"", t.args().get("cmd"));
    }

    private Task firstTask(String text) {
        return (Task) parser.parse(text, Path.of("pb.yml")).plays().get(0).tasks().get(0);
    }

    @Test
    void shortFormKeepsJinjaAndQuotesTogether() {
        assertEquals(Map.of("msg", "{{ inventory_hostname }}"), firstTask("""
                - hosts: all
                  tasks:
                    - debug: msg={{ inventory_hostname }}
                """).args());
        assertEquals(Map.of("path", "{{ d }}", "state", "directory"), firstTask("""
                - hosts: all
                  tasks:
                    - file: path={{ d }} state=directory
                """).args());
        assertEquals(Map.of("cmd", "ls", "chdir", "{{ d }}"), firstTask("""
                - hosts: all
                  tasks:
                    - command: ls chdir={{ d }}
                """).args());
        assertEquals(Map.of("msg", "a b", "verbosity", "0"), firstTask("""
                - hosts: all
                  tasks:
                    - debug: msg="a b" verbosity=0
                """).args());
        assertEquals(Map.of("cmd", "echo argv=foo"), firstTask("""
                - hosts: all
                  tasks:
                    - shell: echo argv=foo
                """).args(), "only Ansible's free-form options (creates, chdir...) leave the text; argv stays in it");
    }

    @Test
    void shortFormBooleansAreReadAsAnsibleReadsThem() {
        Task t = firstTask("""
                - hosts: all
                  tasks:
                    - copy: dest=/tmp/x content=a backup=yes force=off
                """);
        CopyModule.Params p = Parameters.bind(new CopyModule(), t.args());
        assertEquals(Boolean.TRUE, p.backup());
        assertEquals(Boolean.FALSE, p.force());
        assertEquals(Boolean.TRUE, Parameters.bind(new CopyModule(), Map.of("dest", "/x", "content", "", "backup", 1)).backup());
    }

    /** Keywords take the words module options take (Ansible's convert_bool): become: t as well as backup: t. */
    @Test
    void keywordsAndModuleOptionsShareOneBooleanVocabulary() {
        for (String word : java.util.List.of("t", "y", "yes", "on", "1", "True")) {
            Task t = firstTask("""
                    - hosts: all
                      tasks:
                        - copy: {dest: /tmp/x, content: a, backup: %s}
                          become: %s
                    """.formatted(word, word));
            assertEquals(Boolean.TRUE, t.options().become(), word);
            assertEquals(Boolean.TRUE, Parameters.bind(new CopyModule(), t.args()).backup(), word);
        }
        Task off = firstTask("""
                - hosts: all
                  tasks:
                    - copy: {dest: /tmp/x, content: a, backup: f}
                      become: f
                """);
        assertEquals(Boolean.FALSE, off.options().become());
        assertEquals(Boolean.FALSE, Parameters.bind(new CopyModule(), off.args()).backup());
    }

    @Test
    void aKeyNamedInTheShortFormBindsToThatKey() {
        assertEquals(Map.of("msg", "boom"), firstTask("""
                - hosts: all
                  tasks:
                    - fail: msg=boom
                """).args());
        assertEquals(Map.of("msg", "boom now"), firstTask("""
                - hosts: all
                  tasks:
                    - ansible.builtin.fail: msg="boom now"
                """).args());
        assertEquals(Map.of("cmd", "cmd=ls"), firstTask("""
                - hosts: all
                  tasks:
                    - command: cmd=ls
                """).args(), "command's text is a command line, cmd= included, as Ansible reads it");
    }

    @Test
    void textThatIsNotKeyValueIsAnErrorForModulesWithoutFreeForm() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - fail: boom
                """);
        assertEquals("pb.yml:3:13", e.where().orElseThrow());
        assertEquals("cannot read the arguments of 'fail': 'boom' is not key=value", e.what());
        assertEquals("write the arguments as a mapping, one per line", e.hint().orElseThrow());
    }

    @Test
    void anUnbalancedQuoteInFreeFormTextIsAnError() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - shell: echo it's
                """);
        assertEquals("pb.yml:3:14", e.where().orElseThrow());
        assertTrue(e.what().startsWith("cannot read the arguments of 'shell': an unbalanced ' quote"), e.what());
        assertEquals("close the quote or block, or give the text as 'cmd:' in a mapping", e.hint().orElseThrow());
    }

    @Test
    void aBadChoiceIsFoundWhenThePlaybookIsRead() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - name: x
                      file:
                        path: /tmp/x
                        state: bogus
                """);
        assertEquals("pb.yml:6:16, task 'x'", e.where().orElseThrow());
        assertEquals("module 'file', parameter 'state': state 'bogus' is not a valid choice", e.what());
        assertEquals("choose one of file, directory, absent, link, hard, touch", e.hint().orElseThrow());
    }

    @Test
    void aWrongTypeIsFoundWhenThePlaybookIsRead() {
        KvmforgeException backup = error("""
                - hosts: all
                  tasks:
                    - copy: {dest: /tmp/x, content: a, backup: maybe}
                """);
        assertEquals("pb.yml:3:48, task 'copy'", backup.where().orElseThrow());
        assertEquals("module 'copy', parameter 'backup': 'maybe' is not a boolean", backup.what());
        assertEquals("write true or false", backup.hint().orElseThrow());
        KvmforgeException path = error("""
                - hosts: all
                  tasks:
                    - name: look
                      stat:
                        dest: {a: 1}
                """);
        assertEquals("pb.yml:5:15, task 'look'", path.where().orElseThrow(), "found under the alias written");
        assertEquals("module 'stat', parameter 'path': a mapping is not a string", path.what());
        assertEquals("write a string", path.hint().orElseThrow());
        KvmforgeException shortForm = error("""
                - hosts: all
                  tasks:
                    - file: path=/tmp/x state=bogus
                """);
        assertEquals("pb.yml:3:13, task 'file'", shortForm.where().orElseThrow(), "the short form as a whole");
        KvmforgeException viaArgs = error("""
                - hosts: all
                  tasks:
                    - file:
                      args:
                        path: /tmp/x
                        recurse: sometimes
                """);
        assertEquals("pb.yml:6:18, task 'file'", viaArgs.where().orElseThrow());
        KvmforgeException missing = error("""
                - hosts: all
                  tasks:
                    - stat: {follow: true}
                """);
        assertEquals("pb.yml:3:13, task 'stat'", missing.where().orElseThrow());
        assertTrue(missing.what().contains("'path' is required"), missing.what());
    }

    @Test
    void templatedArgumentsAreBoundOnlyWhenRendered() {
        Task t = firstTask("""
                - hosts: all
                  tasks:
                    - file: {path: /tmp/x, state: "{{ wanted }}"}
                """);
        assertEquals("{{ wanted }}", t.args().get("state"));
        assertEquals("{{ b }}", firstTask("""
                - hosts: all
                  tasks:
                    - copy: {dest: /tmp/x, content: a, backup: "{{ b }}"}
                """).args().get("backup"));
    }

    @Test
    void aMisspeltFullNameSuggestsTheFullName() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - ansible.builtin.lineinfle: {path: /x, line: a}
                """);
        assertEquals("pb.yml:3:7", e.where().orElseThrow());
        assertEquals("did you mean ansible.builtin.lineinfile?", e.hint().orElseThrow());
        assertEquals("did you mean ansible.legacy.command?", error("""
                - hosts: all
                  tasks:
                    - ansible.legacy.comand: ls
                """).hint().orElseThrow());
        assertTrue(error("""
                - hosts: all
                  tasks:
                    - ansible.builtin.zzzzzzzzzzzz: ls
                """).hint().orElseThrow().matches("valid modules after 'ansible.builtin.': .*\\bmeta\\b.*"));
        assertTrue(error("""
                - hosts: all
                  tasks:
                    - zzzzzzzzzzzz: ls
                """).hint().orElseThrow().matches("valid modules and keywords: .*\\bmeta\\b.*"));
        assertEquals("did you mean meta?", error("""
                - hosts: all
                  tasks:
                    - metaa: noop
                """).hint().orElseThrow());
    }

    @Test
    void metaMayHaveTheBuiltinPrefix() {
        Task t = firstTask("""
                - hosts: all
                  tasks:
                    - ansible.builtin.meta: flush_handlers
                """);
        assertTrue(t.isMeta());
        assertEquals("flush_handlers", t.args().get("action"));
    }

    @Test
    void unknownModuleNamesTheNearest() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - name: x
                      comand: ls
                """);
        assertEquals("pb.yml:4:7", e.where().orElseThrow());
        assertTrue(e.what().contains("'comand'"), e.what());
        assertTrue(e.hint().orElseThrow().contains("command"), e.hint().orElseThrow());
    }

    @Test
    void misspeltParameterNamesTheValidOnes() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - command:
                        cmd: ls
                        chdri: /tmp
                """);
        assertEquals("pb.yml:5:9", e.where().orElseThrow());
        assertTrue(e.what().contains("no parameter 'chdri'"), e.what());
        assertTrue(e.hint().orElseThrow().contains("chdir"), e.hint().orElseThrow());
    }

    @Test
    void misspeltPlayKeyword() {
        KvmforgeException e = error("""
                - hosts: all
                  taks: []
                """);
        assertEquals("pb.yml:2:3", e.where().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("tasks"));
    }

    @Test
    void duplicateKey() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - name: a
                      name: b
                      command: ls
                """);
        assertTrue(e.what().contains("duplicate key 'name'"), e.what());
        assertTrue(e.where().orElseThrow().startsWith("pb.yml:4:"), e.where().orElseThrow());
    }

    @Test
    void malformedYaml() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - name: "unclosed
                      command: ls
                """);
        assertTrue(e.what().startsWith("malformed YAML"), e.what());
        assertTrue(e.where().orElseThrow().startsWith("pb.yml:"), e.where().orElseThrow());
    }

    @Test
    void twoModulesInOneTask() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - command: ls
                      shell: ls
                """);
        assertTrue(e.what().contains("two modules"), e.what());
    }

    @Test
    void notifyingAMissingHandler() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - command: ls
                      notify: restart libvirt
                  handlers:
                    - name: restart libvirtd
                      command: "true"
                """);
        assertTrue(e.what().contains("'restart libvirt'"), e.what());
        assertTrue(e.hint().orElseThrow().contains("restart libvirtd"), e.hint().orElseThrow());
    }

    @Test
    void aPlaybookMustBeAList() {
        KvmforgeException e = error("""
                hosts: all
                """);
        assertTrue(e.what().contains("list of plays"), e.what());
    }

    @Test
    void wrongTypeOfKeyword() {
        KvmforgeException e = error("""
                - hosts: all
                  gather_facts: maybe
                """);
        assertEquals("pb.yml:2:17", e.where().orElseThrow());
    }

    @Test
    void becomeMethodOtherThanSudoIsRefusedWhereItIsWritten() {
        KvmforgeException task = error("""
                - hosts: all
                  tasks:
                    - command: whoami
                      become: true
                      become_method: su
                """);
        assertEquals("pb.yml:5:22", task.where().orElseThrow());
        assertEquals("become_method 'su' is not supported", task.what());
        assertTrue(task.hint().orElseThrow().startsWith("kvmforge becomes with sudo"), task.getMessage());
        KvmforgeException play = error("""
                - hosts: all
                  become_method: doas
                  tasks: []
                """);
        assertEquals("pb.yml:2:18", play.where().orElseThrow());
        KvmforgeException block = error("""
                - hosts: all
                  tasks:
                    - block:
                        - command: whoami
                      become_method: pbrun
                """);
        assertEquals("pb.yml:5:22", block.where().orElseThrow());
        parser.parse("""
                - hosts: all
                  become_method: sudo
                  tasks: []
                """, Path.of("pb.yml"));
    }

    @Test
    void diffRunOnceAndLoopControlAreReadAndPassedDown() {
        Playbook pb = parser.parse("""
                - hosts: all
                  diff: true
                  tasks:
                    - block:
                        - command: "true"
                          loop: [a, b]
                          loop_control:
                            pause: 0.5
                            extended: true
                            extended_allitems: false
                        - command: "true"
                          diff: false
                      run_once: true
                """, Path.of("pb.yml"));
        Block b = (Block) pb.plays().get(0).tasks().get(0);
        Task looped = (Task) b.block().get(0);
        Task quiet = (Task) b.block().get(1);
        assertEquals(new Task.LoopControl("item", null, null, 0.5, true, false), looped.loopControl());
        assertEquals(Boolean.TRUE, looped.options().diff());
        assertEquals(Boolean.FALSE, quiet.options().diff());
        assertEquals(Boolean.TRUE, looped.options().runOnce());
        assertEquals(Boolean.TRUE, quiet.options().runOnce());
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - command: "true"
                      loop: [a]
                      loop_control:
                        pause: soon
                """);
        assertEquals("pb.yml:6:16", e.where().orElseThrow());
    }

    @Test
    void everyErrorOfAPlaybookItsImportsAndRolesComesOutInOneReadingInFileOrder(@org.junit.jupiter.api.io.TempDir
                                                                                    Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("roles/web/tasks"));
        java.nio.file.Files.writeString(dir.resolve("roles/web/tasks/main.yml"), """
                - name: fine
                  debug: msg=ok
                - name: role typo
                  copy:
                    dest: /tmp/x
                    contnet: x
                """);
        java.nio.file.Files.writeString(dir.resolve("more.yml"), """
                - name: imported typo
                  servce: name=x
                """);
        java.nio.file.Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  roles: [web]
                  tasks:
                    - name: bad module
                      comand: ls
                    - name: good
                      command: ls
                    - import_tasks: more.yml
                    - block:
                        - name: bad in block
                          debug:
                            msg: x
                          loop_controll: {}
                - hosts: all
                  hostz: x
                - hosts: all
                  tasks:
                    - name: last
                      file: {path: /tmp/y, state: nonsense}
                """);
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> parser.parse(dir.resolve("site.yml")));
        assertTrue(e instanceof dev.kvmforge.runner.error.ProblemList, e.getMessage());
        List<KvmforgeException> all = ((dev.kvmforge.runner.error.ProblemList) e).problems();
        assertEquals(List.of("roles/web/tasks/main.yml:6:5", "site.yml:5:7", "more.yml:2:3", "site.yml:13:11",
                "site.yml:15:3", "site.yml:19:35"), all.stream().map(p -> p.where().orElse("")
                .replace(dir + "/", "").replaceAll(", task .*", "")).toList(), e.getMessage());
        assertTrue(e.getMessage().endsWith("6 problems found; fix them all, then run again"), e.getMessage());
        assertTrue(e.getMessage().contains("\nERROR! " + dir.resolve("more.yml") + ":2:3: unknown module or task keyword"
                + " 'servce'"), e.getMessage());
        assertEquals(ErrorKind.PARSE, e.kind());
    }

    @Test
    void moduleDefaultsOfPlayBlockAndTaskMergeUnderAnyNameOfTheModuleAndTheTasksOwnArgumentsWin() {
        Playbook pb = parser.parse("""
                - hosts: all
                  module_defaults:
                    ansible.builtin.file: {mode: "0600", owner: root}
                    command: {chdir: /tmp}
                  tasks:
                    - file: {path: /a}
                    - block:
                        - file: {path: /b, owner: nobody}
                        - ansible.legacy.file: {path: /c}
                      module_defaults:
                        - file: {mode: "0644"}
                    - command: ls
                    - debug: msg=untouched
                """, Path.of("pb.yml"));
        List<TaskNode> tasks = pb.plays().get(0).tasks();
        assertEquals(Map.of("path", "/a", "mode", "0600", "owner", "root"), ((Task) tasks.get(0)).args());
        Block b = (Block) tasks.get(1);
        assertEquals(Map.of("path", "/b", "mode", "0644", "owner", "nobody"), ((Task) b.block().get(0)).args());
        assertEquals(Map.of("path", "/c", "mode", "0644", "owner", "root"), ((Task) b.block().get(1)).args());
        assertEquals("/tmp", ((Task) tasks.get(2)).args().get("chdir"));
        assertEquals(Map.of("msg", "untouched"), ((Task) tasks.get(3)).args());

        KvmforgeException wrong = error("""
                - hosts: all
                  module_defaults:
                    file: {mdoe: "0600"}
                  tasks:
                    - file: {path: /a}
                """);
        assertTrue(wrong.getMessage().contains("module 'file' has no parameter 'mdoe' (given by module_defaults)"),
                wrong.getMessage());
        Playbook others = parser.parse("""
                - hosts: all
                  module_defaults:
                    group/aws: {region: x}
                    amazon.aws.ec2: {region: x}
                  tasks:
                    - file: {path: /a}
                """, Path.of("pb.yml"));
        assertEquals(Map.of("path", "/a"), ((Task) others.plays().get(0).tasks().get(0)).args(),
                "defaults of modules kvmforge does not have apply to nothing, as in Ansible");
    }

    @Test
    void aModuleLeftOutOnPurposeSaysWhatToWriteInstead() {
        KvmforgeException e = error("""
                - hosts: all
                  tasks:
                    - ansible.builtin.apt_key: {url: "https://example.org/key.asc"}
                """);
        assertTrue(e.getMessage().contains("unknown module or task keyword 'ansible.builtin.apt_key'"), e.getMessage());
        assertTrue(e.getMessage().contains("put the key in /etc/apt/keyrings"), e.getMessage());
    }
}
