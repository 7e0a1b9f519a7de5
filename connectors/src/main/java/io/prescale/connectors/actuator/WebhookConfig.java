package io.prescale.connectors.actuator;

import io.prescale.connectors.Urls;
import java.net.URI;
import java.time.Duration;

/**
 * Configuration of the {@link WebhookBackend}; also its factory on the task manager.
 *
 * @param url where commands are POSTed
 * @param secret shared secret of the HMAC-SHA256 signature
 * @param connectTimeout bound on opening the connection
 * @param readTimeout bound on the whole response after the request is sent
 */
public record WebhookConfig(URI url, String secret, Duration connectTimeout, Duration readTimeout)
        implements ActuatorBackend.Factory {

    public WebhookConfig {
        if (url == null
                || !url.isAbsolute()
                || !("http".equalsIgnoreCase(url.getScheme())
                        || "https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "url must be an absolute http or https URL with a host, e.g."
                            + " http://127.0.0.1:8080/scale, was '"
                            + (url == null ? null : Urls.shown(url.toString()))
                            + "'");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, was " + connectTimeout);
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be > 0, was " + readTimeout);
        }
    }

    @Override
    public ActuatorBackend create() {
        return new WebhookBackend(this);
    }
}
