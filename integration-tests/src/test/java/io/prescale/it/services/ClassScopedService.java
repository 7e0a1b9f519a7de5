package io.prescale.it.services;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One server per test class: started before the class's first test, stopped after its last, and
 * handed to test and lifecycle methods as a parameter of type {@code E}.
 *
 * <p>Works registered either way: {@code @RegisterExtension static final} (then the test can also
 * call {@link #endpoint()} on the field) or {@code @ExtendWith} on the class. Nested classes share
 * their outer class's server; only the class that started it stops it.
 */
abstract class ClassScopedService<E>
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** A started server and what stops it. */
    protected record Started<E>(E endpoint, AutoCloseable stopper) {}

    private final Class<E> endpointType;
    private Started<E> started;
    private String ownerId;

    protected ClassScopedService(Class<E> endpointType) {
        this.endpointType = endpointType;
    }

    /** Obtains a server, trying the sources in order of preference; fails if none works. */
    protected abstract Started<E> start(String testClass);

    /** The server of the current test class. */
    public E endpoint() {
        if (started == null) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + " is not started: register it with @RegisterExtension on a static"
                            + " field or with @ExtendWith on the test class");
        }
        return started.endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (started == null) {
            started = start(context.getRequiredTestClass().getSimpleName());
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (started != null && context.getUniqueId().equals(ownerId)) {
            AutoCloseable stopper = started.stopper();
            started = null;
            ownerId = null;
            stopper.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == endpointType;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoint();
    }
}
