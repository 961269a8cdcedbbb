package dev.kvmforge.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link DebianHost} parameters with started hosts, configured by the parameter's (or else the test class's)
 * {@link ThrowawayHost} annotation. A host is stopped and removed when the context it was made in ends: the test
 * method for a parameter of a test, {@code @BeforeEach} or {@code @AfterEach} method, the test class for a
 * {@code @BeforeAll} method's (JUnit closes {@link AutoCloseable} values of its store). Register
 * it through {@code @ThrowawayHost}; {@code @ExtendWith(DebianHostExtension.class)} gives hosts with the defaults.
 */
public final class DebianHostExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DebianHostExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DebianHost.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ThrowawayHost config = parameterContext.findAnnotation(ThrowawayHost.class)
                .or(() -> extensionContext.getTestClass().map(c -> c.getAnnotation(ThrowawayHost.class)))
                .orElse(null);
        DebianHost host = configure(new DebianHost(), config);
        // The store closes AutoCloseable values when its context ends: the test method's for a test or
        // @BeforeEach method, the class's for @BeforeAll.
        extensionContext.getStore(NAMESPACE).put(new Object(), host);
        try {
            return host.start();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot give " + parameterContext.getDeclaringExecutable()
                    .getName() + " a DebianHost: " + e.getMessage(), e);
        }
    }

    private static DebianHost configure(DebianHost host, ThrowawayHost config) {
        if (config == null) {
            return host;
        }
        host.withImage(config.image()).withKvm(config.kvm()).withCapabilities(config.capabilities());
        if (!config.address().isEmpty()) {
            host.withAddress(config.address());
        }
        return host;
    }
}
