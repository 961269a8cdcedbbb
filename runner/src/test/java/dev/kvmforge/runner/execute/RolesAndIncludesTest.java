package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, imports and includes, run on the local host as ansible-playbook runs them. */
class RolesAndIncludesTest {

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
        f.write("roles/common/defaults/main.yml", "greeting: hello\nport: 22\nshadowed: from-defaults\n");
        f.write("roles/web/defaults/main.yml", "web_port: 80\n");
        f.write("roles/web/vars/main.yml", "shadowed: from-role-vars\n");
        f.write("roles/web/meta/main.yml", "dependencies:\n  - role: common\n    port: 2222\n");
        f.write("roles/web/files/motd", "welcome\n");
        f.write("roles/web/templates/site.conf.j2", "listen {{ web_port }} for {{ role_name }}\n");
        f.write("roles/web/handlers/main.yml", """
                - name: reload web
                  debug:
                    msg: reloaded
                """);
        f.write("roles/common/tasks/main.yml", """
                - name: greet
                  debug:
                    msg: "{{ greeting }} on {{ port }}"
                """);
        f.write("roles/web/tasks/main.yml", """
                - name: config
                  template:
                    src: site.conf.j2
                    dest: "{{ out }}/site.conf"
                  notify: reload web
                - name: motd
                  copy:
                    src: motd
                    dest: "{{ out }}/motd"
                - name: where
                  debug:
                    msg: "{{ role_name }} {{ role_path | basename }} {{ shadowed }} {{ web_port }}"
                - import_tasks: extra.yml
                """);
        f.write("roles/web/tasks/extra.yml", """
                - name: extra
                  debug:
                    msg: imported from the role
                """);
    }

    @Test
    void aPlaysRolesRunWithTheirDefaultsVarsFilesHandlersAndDependencies() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    out: %s
                    shadowed: from-play
                  pre_tasks:
                    - name: before
                      debug:
                        msg: first
                  roles:
                    - role: web
                      web_port: 8080
                  tasks:
                    - name: after
                      debug:
                        msg: "{{ greeting }}"
                  post_tasks:
                    - name: last
                      debug:
                        msg: last
                """.formatted(out));
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("before", "common : greet", "web : config", "web : motd", "web : where",
                "web : extra", "after", "web : reload web", "last"), f.taskNames(), "pre_tasks, the dependency, the"
                + " role, tasks, the handler flushed after roles and tasks together, then post_tasks");
        assertEquals("hello on 2222", f.result("common : greet").values().get("msg"), "a dependency's parameters");
        assertEquals("web web from-role-vars 8080", f.result("web : where").values().get("msg"),
                "role vars over play vars, role parameters over defaults");
        assertEquals("hello", f.result("after").values().get("msg"), "a role's defaults are the play's afterwards");
        assertEquals("listen 8080 for web\n", Files.readString(out.resolve("site.conf")), "templates/ of the role");
        assertEquals("welcome\n", Files.readString(out.resolve("motd")), "files/ of the role");
        assertTrue(f.console().contains("TASK [web : config]"), f.console());
        assertTrue(f.console().contains("RUNNING HANDLER [web : reload web]"), f.console());

        var again = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars: {out: %s}
                  roles: [web]
                """.formatted(out));
        assertEquals(0, again.exitCode(), f.console());
        assertEquals(Status.CHANGED, f.status("web : config"), "web_port is 80 now: the file changes");
        assertEquals(Status.OK, f.status("web : motd"), "idempotent");
    }

    @Test
    void includeTasksReadsTheFileEachHostNamesWhenTheRunGetsThere() {
        f.write("tasks/Debian.yml", "- name: debian\n  debug:\n    msg: \"debian {{ item | default('-') }}\"\n");
        f.write("tasks/Other.yml", "- name: other\n  debug:\n    msg: other\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - set_fact:
                        family: Debian
                    - name: by family
                      ansible.builtin.include_tasks: "tasks/{{ family }}.yml"
                    - name: never
                      include_tasks: tasks/Other.yml
                      when: family != 'Debian'
                    - name: looped
                      include_tasks:
                        file: tasks/Debian.yml
                      loop: [a, b]
                    - name: imported
                      import_tasks: tasks/Other.yml
                      when: family == 'Debian'
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.status("by family"));
        assertEquals(Status.SKIPPED, f.status("never"));
        assertEquals(List.of("debian -", "debian a", "debian b"), f.results("debian").stream()
                .map(x -> x.values().get("msg")).toList(), "once, then once per loop item");
        assertEquals(1, f.results("other").size(), "the import ran, the skipped include did not");
    }

    @Test
    void includeRoleAndImportRoleTakeTasksFromAndVars() {
        f.write("roles/web/tasks/other.yml", "- name: other entry\n  debug:\n    msg: \"{{ web_port }}\"\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  collections: [community.general]
                  tasks:
                    - ansible.builtin.include_role:
                        name: web
                        tasks_from: other
                      vars:
                        web_port: 9090
                    - ansible.legacy.import_role:
                        name: common
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("9090", String.valueOf(f.result("web : other entry").values().get("msg")));
        assertEquals(List.of("hello on 2222", "hello on 22"), f.results("common : greet").stream()
                .map(x -> x.values().get("msg")).toList(), "common ran as web's dependency with port 2222;"
                + " imported again without parameters it is another use, and runs again");
    }

    @Test
    void includeVarsReadsTheRolesVarsFirstAndSetsThemForTheRestOfTheRun() {
        f.write("roles/web/vars/Debian.yml", "packages: [qemu-utils]\n");
        f.write("roles/web/tasks/os.yml", """
                - ansible.builtin.include_vars: "{{ os }}.yml"
                - include_vars:
                    file: Debian.yml
                    name: nested
                """);
        f.write("vars/extra.yml", "# only a comment\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars: {os: Debian}
                  tasks:
                    - include_role: name=web tasks_from=os
                    - include_vars: extra.yml
                    - name: seen
                      debug:
                        msg: "{{ packages | join(',') }} {{ nested.packages[0] }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("qemu-utils qemu-utils", f.result("seen").values().get("msg"));

        var missing = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - include_vars: nothere.yml
                """);
        assertEquals(2, missing.exitCode());
        assertTrue(f.result("include_vars").message().contains("include_vars: no file 'nothere.yml'"),
                f.result("include_vars").message());
    }

    @Test
    void includeVarsWithHashBehaviourMergeMergesMappingsDeeplyIntoTheHostsOwn() {
        f.write("vars/more.yml", "libvirt: {qemu: {user: libvirt-qemu}, daemons: [virtqemud]}\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    libvirt: {qemu: {group: kvm, user: root}, daemons: [libvirtd], uri: "qemu:///system"}
                  tasks:
                    - include_vars: {file: more.yml, hash_behaviour: merge}
                    - name: merged
                      debug:
                        msg: "{{ libvirt.qemu.user }} {{ libvirt.qemu.group }} {{ libvirt.daemons }} {{ libvirt.uri }}"
                    - include_vars: {file: more.yml}
                    - name: replaced
                      debug:
                        msg: "{{ libvirt.qemu.group | default('gone') }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("libvirt-qemu kvm ['virtqemud'] qemu:///system", f.result("merged").values().get("msg"),
                "lists are replaced, mappings merged, as Ansible's merge");
        assertEquals("gone", f.result("replaced").values().get("msg"));
    }

    @Test
    void includeVarsOfADirectoryWithAFileOfAnotherExtensionFailsSayingWhichUnlessIgnored() {
        f.write("vars/conf/a.yml", "a: 1\n");
        f.write("vars/conf/notes.txt", "not variables\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - include_vars: {dir: conf}
                      register: strict
                      ignore_errors: true
                    - include_vars: {dir: conf, ignore_unknown_extensions: true}
                    - name: seen
                      debug:
                        msg: "{{ a }} {{ strict.message }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        String msg = String.valueOf(f.result("seen").values().get("msg"));
        assertTrue(msg.startsWith("1 ") && msg.endsWith("notes.txt does not have a valid extension: yaml, yml, json"),
                msg);
    }

    @Test
    void includeVarsOfADirectoryReadsItsOwnFilesBeforeThoseOfItsFoldersAsAnsibleWalksIt() {
        f.write("vars/layered/z.yml", "who: top-z\nonly_top: yes\n");
        f.write("vars/layered/a/b.yml", "who: sub-a\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - include_vars: {dir: layered}
                      register: read
                    - name: seen
                      debug:
                        msg: "{{ who }} {{ read.ansible_included_var_files | map('basename') | list }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("sub-a ['z.yml', 'b.yml']", f.result("seen").values().get("msg"),
                "layered/ before layered/a/: the folder's file is read last and wins");
    }

    @Test
    void withLookupLoopsAndLookupsInIncludes() {
        f.write("tasks/Debian.yml", "- name: picked\n  debug:\n    msg: picked\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: dict
                      debug:
                        msg: "{{ item.key }}={{ item.value }}"
                      with_dict: {a: 1}
                    - name: sequence
                      debug:
                        msg: "{{ item }}"
                      with_sequence: start=1 end=2
                    - name: first found
                      include_tasks: "{{ item }}"
                      with_first_found:
                        - files: [RedHat.yml, Debian.yml]
                          paths: [tasks]
                    - name: by lookup
                      include_tasks: "{{ lookup('first_found', ['tasks/Debian.yml']) }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("a=1"), f.items("dict").stream().map(x -> x.values().get("msg")).toList());
        assertEquals(List.of("1", "2"), f.items("sequence").stream().map(x -> x.values().get("msg")).toList());
        assertEquals(dir.resolve("tasks/Debian.yml").toString(), f.result("first found").values().get("include"),
                "with_first_found gives the path of the first file there is");
        assertEquals(2, f.results("picked").size(), "the file first_found picked, included twice");

        KvmforgeException unknown = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  tasks:
                    - debug: {msg: x}
                      with_password: /tmp/x
                """));
        assertTrue(unknown.what().contains("'with_password' loops over lookup 'password', which kvmforge does not"
                + " have"), unknown.what());
        assertEquals("site.yml:4:7", unknown.where().orElseThrow().replace(dir + "/", ""));
    }

    @Test
    void aRescueSeesTheFailedTaskAndTheRecapCountsItRescued() {
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - block:
                        - name: breaks
                          command: "false"
                      rescue:
                        - name: sees it
                          debug:
                            msg: "{{ ansible_failed_task.name }} rc={{ ansible_failed_result.rc }}"
                    - name: later
                      debug:
                        msg: "{{ ansible_failed_task | default('gone') }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("breaks rc=1", f.result("sees it").values().get("msg"));
        assertEquals("gone", f.result("later").values().get("msg"), "only the rescue sees them");
        assertEquals(1, r.hosts().get("localhost").rescued());
        assertEquals(0, r.hosts().get("localhost").failed());
    }

    @Test
    void aVarsFileOfCommentsIsEmptyAndAListIsRefusedAtItsPlace() {
        f.write("vars/comments.yml", "# nothing yet\n");
        f.write("vars/list.yml", "- a\n- b\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars_files: [vars/comments.yml]
                  tasks:
                    - debug: {msg: fine}
                """);
        assertEquals(0, r.exitCode(), f.console());
        KvmforgeException list = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars_files: [vars/list.yml]
                  tasks:
                    - debug: {msg: fine}
                """));
        assertTrue(list.what().startsWith("a variables file must be a mapping of names to values, not a list"),
                list.what());
        assertEquals("vars/list.yml:1:1", list.where().orElseThrow().replace(dir + "/", ""));
    }

    @Test
    void importPlaybookBringsItsPlaysWithItsVars() {
        f.write("sub/other.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: from the other playbook
                      debug:
                        msg: "{{ who }}"
                """);
        var r = f.run("""
                - import_playbook: sub/other.yml
                  vars:
                    who: imported
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("imported", f.result("from the other playbook").values().get("msg"));
    }

    @Test
    void badRolesAndIncludesAreErrorsAtTheirPlace() {
        KvmforgeException missing = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  roles:
                    - nosuchrole
                """));
        assertTrue(missing.what().startsWith("the role 'nosuchrole' was not found in " + dir.resolve("roles")
                + "/nosuchrole:"), missing.what());
        assertEquals("site.yml:3:7", missing.where().orElseThrow().replace(dir + "/", ""));

        KvmforgeException loop = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  tasks:
                    - import_tasks: x.yml
                      loop: [1, 2]
                """));
        assertTrue(loop.what().contains("import_tasks is read when the playbook is read and cannot loop"),
                loop.what());

        KvmforgeException arg = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  tasks:
                    - include_role:
                        name: web
                        task_from: other
                """));
        assertTrue(arg.what().contains("include_role has no argument 'task_from'"), arg.what());
        assertTrue(arg.hint().orElseThrow().contains("tasks_from"), arg.hint().toString());

        KvmforgeException file = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  tasks:
                    - import_tasks: nothere.yml
                """));
        assertTrue(file.what().startsWith("no task file 'nothere.yml': looked at " + dir.resolve("nothere.yml")),
                file.what());
    }

    @Test
    void includeRoleConditionIsTheIncludesAndItsRoleIsPrivate() {
        f.write("roles/once/defaults/main.yml", "secret_default: hidden\n");
        f.write("roles/once/tasks/main.yml", """
                - name: mark done
                  set_fact:
                    done: true
                - name: after mark
                  debug:
                    msg: still running
                """);
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - include_role:
                        name: once
                      when: done is not defined
                    - name: leak
                      debug:
                        msg: "{{ secret_default | default('private') }}"
                    - include_role:
                        name: "{{ which }}"
                      vars:
                        which: once
                      loop: [1, 2]
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.results("once : after mark").get(0).status(),
                "the include's when is tested once, at the include; the role's own set_fact does not skip its tasks");
        assertEquals("private", f.result("leak").values().get("msg"), "include_role is private unless public: true");
        assertEquals(3, f.events.stream().filter(e -> e instanceof dev.kvmforge.runner.event.Event.HostResult hr
                && hr.task().equals("once : mark done")).count(), "once, then once per loop item of a templated name");
    }

    @Test
    void keywordsThatWouldNotReachIncludedTasksAreRefusedAndMetaDependenciesTakeKeywords() {
        f.write("tasks.yml", "- debug:\n    msg: x\n");
        KvmforgeException become = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  tasks:
                    - include_tasks: tasks.yml
                      become: true
                """));
        assertEquals("'become' is not a keyword of include_tasks: it would not reach the included tasks",
                become.what());
        assertTrue(become.hint().orElseThrow().contains("apply: {become: ...}"), become.hint().toString());
        assertEquals("site.yml:4:7", become.where().orElseThrow().replace(dir + "/", ""));

        f.write("roles/dep/tasks/main.yml", "- name: dep task\n  debug:\n    msg: \"{{ level }}\"\n");
        f.write("roles/top/meta/main.yml", """
                dependencies:
                  - role: dep
                    level: 3
                    tags: [deptag]
                  - role: dep
                    level: 4
                    when: false
                """);
        f.write("roles/top/tasks/main.yml", "- name: top task\n  debug:\n    msg: top\n");
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  roles: [top]
                """, RunOptions.defaults().withTags(java.util.Set.of("deptag")));
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("dep : dep task"), f.resultsByTaskAndHost().stream().map(x -> x.replace(" localhost", ""))
                .toList(), "--tags deptag selects the dependency tagged in meta/main.yml only");
        assertEquals("3", String.valueOf(f.result("dep : dep task").values().get("msg")));

        f.write("roles/bad/meta/main.yml", "dependencies:\n  - {level: 1}\n");
        KvmforgeException meta = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  roles: [bad]
                """));
        assertEquals("roles/bad/meta/main.yml:2:5", meta.where().orElseThrow().replace(dir + "/", ""));
    }

    @Test
    void aHandlerThatIsAnIncludeRunsItsTasksOnTheNotifiedHostsOnly() {
        f.write("roles/tmp/tasks/main.yml", """
                - name: make
                  command: "true"
                  changed_when: true
                  notify: clean up
                - name: quiet
                  command: "true"
                  changed_when: false
                  notify: never notified
                """);
        f.write("roles/tmp/tasks/cleanup.yml", """
                - name: cleaning
                  debug:
                    msg: "cleaned by {{ role_name }}"
                """);
        f.write("roles/tmp/handlers/main.yml", """
                - name: clean up
                  include_tasks: cleanup.yml
                  when: not skip_cleanup | default(false) | bool
                - name: never notified
                  include_tasks: cleanup.yml
                """);
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  roles: [tmp]
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.status("tmp : cleaning"), "the handler's include ran its file from the role's tasks/");
        assertEquals(1, f.results("tmp : cleaning").size(), "once: the unnotified include did not run");
        assertTrue(f.console().contains("RUNNING HANDLER [tmp : clean up]"), f.console());

        var skipped = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars: {skip_cleanup: true}
                  roles: [tmp]
                """);
        assertEquals(0, skipped.exitCode(), f.console());
        assertEquals(0, f.results("tmp : cleaning").size(), "the include's when holds it back");
    }

    @Test
    void notifyOnAnImportOrABlockReachesEachOfItsTasks() {
        f.write("trigger.yml", """
                - name: change
                  command: "true"
                  changed_when: true
                - name: no change
                  command: "true"
                  changed_when: false
                """);
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  pre_tasks:
                    - import_tasks: trigger.yml
                      notify: hello
                  tasks:
                    - block:
                        - name: in block
                          command: "true"
                          changed_when: true
                      notify: [again]
                    - name: ensure handler ran
                      assert:
                        that: hello == 'world'
                  handlers:
                    - name: hello
                      set_fact: {hello: world}
                    - name: again
                      debug: {msg: notified by the block}
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.status("ensure handler ran"), "the import's notify ran its handler at the flush");
        assertEquals(Status.OK, f.status("again"));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - import_tasks: trigger.yml
                      notify: nobody
                """));
        assertTrue(e.what().contains("notifies 'nobody', but the play has no such handler"), e.what());
    }
}
