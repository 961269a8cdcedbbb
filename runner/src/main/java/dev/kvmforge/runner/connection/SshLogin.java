package dev.kvmforge.runner.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;

/**
 * What one login needs inside SSHD's shared client callbacks (host key check, identities, ProxyJump resolution):
 * it travels with the connection as its context, so that one {@link SharedSshClient} serves every host.
 *
 * @param hops the ProxyJump hosts, to tell their sessions from the target's
 */
record SshLogin(ConnectionSpec spec, SshDestination destination, KnownHostsCheck hostKeys, LoginKeys keys,
                HostConfigEntryResolver config, List<JumpHop> hops) {

    private static final AttributeKey<SshLogin> KEY = new AttributeKey<>();

    /** A ProxyJump host, with its address resolved once, to tell its session from the target's. */
    record JumpHop(SshDestination at, InetAddress address) {

        boolean is(InetSocketAddress remote) {
            return at.port() == remote.getPort() && (at.host().equals(remote.getHostString())
                    || address != null && address.equals(remote.getAddress()));
        }
    }

    /** This login as the connection context SSHD hands back to the callbacks. */
    AttributeRepository asContext() {
        return AttributeRepository.ofKeyValuePair(KEY, this);
    }

    /** The login of the connection {@code context} belongs to, or null. */
    static SshLogin of(AttributeRepository context) {
        return context == null ? null : context.getAttribute(KEY);
    }

    /** The login {@code session} belongs to, or null (a session kvmforge did not open). */
    static SshLogin of(SessionContext session) {
        AttributeRepository context = null;
        if (session instanceof ClientSession cs) {
            context = cs.getConnectionContext();
        }
        if (context == null && session instanceof Session s && s.getIoSession() != null) {
            // while the session is being built, the context is only on its network session
            context = (AttributeRepository) s.getIoSession().getAttribute(AttributeRepository.class);
        }
        return of(context);
    }
}
