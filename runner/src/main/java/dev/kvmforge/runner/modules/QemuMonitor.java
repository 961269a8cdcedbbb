package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.yaml.Yaml;
import java.util.List;

/**
 * A VM's QMP socket (the QEMU Machine Protocol), spoken through the host's connection by a few lines of Perl:
 * {@code perl-base} is Essential on Debian, while {@code socat} and Python may be missing on the target.
 *
 * @param host   the host the VM runs on
 * @param socket the path of the VM's QMP unix socket
 */
public record QemuMonitor(Host host, String socket) {

    /** Connects, reads the greeting, negotiates capabilities, then prints the answer to each command, one a line. */
    private static final String CLIENT = String.join("\n",
            "use strict; use IO::Socket::UNIX;",
            "my ($path, @commands) = @ARGV;",
            "$SIG{ALRM} = sub { die \"no answer from QMP on $path\\n\" }; alarm 10;",
            "my $s = IO::Socket::UNIX->new(Peer => $path) or die \"cannot connect to QMP on $path: $!\\n\";",
            "$s->autoflush(1);",
            "defined(<$s>) or die \"no QMP greeting on $path\\n\";",
            "for my $c ('qmp_capabilities', @commands) {",
            "  print $s qq({\"execute\":\"$c\"}\\n);",
            "  while (1) {",
            "    my $l = <$s>;",
            "    defined $l or die \"QMP closed the connection during $c\\n\";",
            "    next unless $l =~ /^\\{\"(return|error)\"/;",
            "    print $l unless $c eq 'qmp_capabilities';",
            "    last;",
            "  }",
            "}");

    /**
     * Runs one QMP command that takes no arguments ({@code query-kvm}, {@code system_powerdown}, {@code quit}) and
     * returns its {@code return} value; a QMP error or an unreachable socket is an error naming the command.
     */
    public JsonNode execute(String command) {
        if (!command.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("'" + command + "' is not a QMP command name");
        }
        ExecResult r = host.exec(List.of("perl", "-e", CLIENT, socket, command));
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "QMP " + command + " failed: " + r.stderr().strip(),
                    host.name(), r.exitStatus() == 127 ? "perl is missing on the host" : null);
        }
        JsonNode answer;
        try {
            answer = Yaml.binder().readTree(r.stdout());
        } catch (JsonProcessingException e) {
            throw new KvmforgeException(ErrorKind.TASK, "QMP " + command + " answered what is not JSON: "
                    + r.stdout().strip(), host.name(), null);
        }
        if (answer == null || answer.has("error")) {
            throw new KvmforgeException(ErrorKind.TASK, "QMP " + command + " failed: "
                    + (answer == null ? "no answer" : answer.path("error").path("desc").asText()), host.name(), null);
        }
        return answer.path("return");
    }
}
