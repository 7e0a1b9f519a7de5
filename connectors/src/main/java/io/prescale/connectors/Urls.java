package io.prescale.connectors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The URLs of the InfluxDB server and the webhook receiver, which may hold a user and password
 * ({@code http://user:password@host:port/...}, sent as the server's credentials): checked at
 * start-up, and named in messages without the credentials (a tester's password was printed by the
 * start line, by a refused value and by every restart of a job whose URL the client could not
 * parse).
 */
public final class Urls {
    private Urls() {}

    /**
     * {@code url} without the {@code user:password@} it may hold, for messages; {@code url} as
     * given when it holds none. The credentials end at the authority's last {@code @}, so an
     * {@code @} left unencoded in the password is not shown either. Of a value that is no URL with
     * an authority ({@code //u:p@h}, {@code http:/u:p@h}, {@code http:///u:p@h}), what comes before
     * its last {@code @} is not shown; and of an authority without an {@code @} whose "port" is not
     * a number ({@code http://user:password}, no host), what follows its colon. The values of its
     * query are not shown either.
     */
    public static String shown(String url) {
        return withoutQueryValues(withoutCredentials(url));
    }

    /**
     * {@code url} with each value of its query not shown ({@code ?token=***}): a receiver's token
     * is often given there (the sixtieth tester's was printed at every failed command).
     */
    private static String withoutQueryValues(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        int hash = url.indexOf('#', q);
        int end = hash < 0 ? url.length() : hash;
        String masked =
                Arrays.stream(url.substring(q + 1, end).split("&", -1))
                        .map(
                                p ->
                                        p.indexOf('=') < 0
                                                ? p
                                                : p.substring(0, p.indexOf('=') + 1) + "***")
                        .collect(Collectors.joining("&"));
        return url.substring(0, q + 1) + masked + url.substring(end);
    }

    private static String withoutCredentials(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at >= start) {
            return url.substring(0, start) + url.substring(at + 1);
        }
        int anyAt = url.lastIndexOf('@');
        if (anyAt >= 0 && (scheme < 0 || end == start)) {
            return "***@" + url.substring(anyAt + 1);
        }
        String authority = url.substring(start, end);
        int colon = authority.lastIndexOf(':');
        if (colon >= 0
                && !authority.startsWith("[")
                && !authority.substring(colon + 1).matches("\\d*")) {
            return url.substring(0, start + colon + 1) + "***" + url.substring(end);
        }
        return url;
    }

    /** Why a URL that parses has no host (said, as the URL shown can look right). */
    private static String hostProblem(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return "";
        }
        if (authority.indexOf('@') != authority.lastIndexOf('@')) {
            return " (an @ in the user or password must be written %40)";
        }
        return authority.chars().anyMatch(c -> c > 127)
                ? " (the host is not ASCII: give its punycode, xn--...)"
                : "";
    }

    /**
     * {@code given} as an absolute http or https URL with a host (and a port, when given, a
     * number).
     *
     * @param option the option that gave it, for the message
     * @param example a URL of the kind, for the message
     * @throws IllegalArgumentException naming the option and the URL without its credentials
     */
    public static URI requireHttp(String option, String given, String example) {
        return requireHttp(option, given, example, true);
    }

    /**
     * {@link #requireHttp}, for the base URL of a server's API (InfluxDB's), to which the client
     * adds its own path and query: a query or fragment of its own is refused (a tester's {@code
     * ?db=x} read as a server that does not answer).
     */
    public static URI requireBase(String option, String given, String example) {
        return requireHttp(option, given, example, false);
    }

    private static URI requireHttp(
            String option, String given, String example, boolean queryAllowed) {
        String url = given.trim();
        String why;
        try {
            URI uri = new URI(url);
            boolean http =
                    "http".equalsIgnoreCase(uri.getScheme())
                            || "https".equalsIgnoreCase(uri.getScheme());
            // URI takes any digits as the port; 0 or one above 65535 reads as an outage later
            boolean port = uri.getPort() == -1 || (uri.getPort() > 0 && uri.getPort() <= 65535);
            boolean plain =
                    queryAllowed || (uri.getRawQuery() == null && uri.getRawFragment() == null);
            if (http && uri.getHost() != null && port && plain) {
                return uri;
            }
            why =
                    !port
                            ? " (port " + uri.getPort() + " is not in 1..65535)"
                            : !plain ? " (a base URL: no ?query or #fragment)" : hostProblem(uri);
        } catch (URISyntaxException e) {
            // its message quotes the URL, credentials and all
            why = " (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        throw new IllegalArgumentException(
                option
                        + " must be an absolute http or https URL with a host, e.g. "
                        + example
                        + ", was '"
                        + shown(url)
                        + "'"
                        + (shown(url).equals(url) ? "" : " (what may be a password not shown)")
                        + why
                        + "; a user and password in it are percent-encoded (@ as %40, : in the"
                        + " user as %3A, a space as %20)");
    }
}
